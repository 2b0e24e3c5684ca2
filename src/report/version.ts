// Apart from schema.ts, so writing a report does not load zod.
/** Bumped on any change to the report's shape; the JSON Schema's $id carries it too. */
export const REPORT_VERSION = '1.3.0';
export const REPORT_SCHEMA_ID = `https://voicegate.dev/schemas/report-${REPORT_VERSION}.json`;
