export { inputFinding, type InputIssue } from './input.js';
export { applyRule, judge, sortFindings, verdictOf, type JudgeContext, type Judgement } from './judge.js';
export { loadPreset, presetNames, PresetError, type Preset, type PresetErrorCode, type RuleEntry } from './preset.js';
export { parsePreset, presetJsonSchema } from './presetSchema.js';
export type { Rule, RuleContext, RuleMessage, RuleReport } from './rule.js';
export { findRule, ruleIds, rules } from './rules/index.js';
export type * from './types.js';
