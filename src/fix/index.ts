export { outputNames } from './names.js';
export { planFix } from './plan.js';
export type * from './types.js';
export { writeFixPlan } from './write.js';
