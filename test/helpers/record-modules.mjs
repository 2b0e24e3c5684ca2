// Preloaded with `node --import` by tests: appends the URL of every ES module the process loads (dynamic imports
// included) to $VOICEGATE_RECORD_MODULES, one per line, so a test can see what a command really loaded.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.VOICEGATE_RECORD_MODULES) appendFileSync(process.env.VOICEGATE_RECORD_MODULES, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
