import { seconds } from '../format.js';
import { defineRule, type Zod } from '../rule.js';

export const minSpeech = defineRule({
  id: 'min-speech',
  description: 'The clip holds enough speech (seconds found by the voice-activity detector).',
  metric: 'speechS',
  unit: 's',
  format: seconds,
  options: (z: Zod) =>
    z.strictObject({
      // Project choice: the net speech behind the 3 s clip minimum, allowing for lead/tail silence and short pauses.
      minS: z.number().positive().default(2).describe('Least speech a clip must hold, seconds.'),
    }),
  messages: {
    noSpeech: {
      text: 'No speech was found, expected at least {threshold} s',
      advice: 'check that this is the right file, that the microphone was selected and not muted',
    },
    tooLittle: {
      text: 'The clip holds {value} s of speech, expected at least {threshold} s',
      advice: 'read one or two full sentences without long pauses',
    },
  },
  check(metrics, { minS }) {
    if (metrics.speechS >= minS) return [];
    return [{ messageId: metrics.speechS === 0 ? 'noSpeech' : 'tooLittle', value: metrics.speechS, threshold: minS }];
  },
});
