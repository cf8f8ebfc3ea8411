import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { maxLength, validate } from 'class-validator';
import { DECISION_MAX_LENGTH, textLength } from '@catalyse/domain';
import { HoldSteeringCommitteeDto } from '../partnerships/dto';

/**
 * The api's bound on a text (`MaxTextLength`, in `TextField` and `TextArrayField`) counts as the domain's
 * (`requireShortText`) and the console's (`decisionsFault`): `textLength`. A decision of 1,000 '❤️' (2,000 code
 * points) passed the api's 400 check and was refused 422 by the domain's count.
 */
describe('the api counts a text’s length as the domain and the console do (textLength)', () => {
  const decisions = async (decision: string): Promise<string[]> => {
    const dto = plainToInstance(HoldSteeringCommitteeDto, { attendees: ['flda'], decisions: [decision] });
    const errors = await validate(dto, { stopAtFirstError: true });
    return errors.flatMap((error) => Object.values(error.constraints ?? {}));
  };
  const tooLong = `each value in decisions must be shorter than or equal to ${DECISION_MAX_LENGTH} characters`;

  it('takes a decision of the bound in emoji, with or without variation selectors, refuses one character more', async () => {
    for (const char of ['x', 'é', '😀', '❤️', '❤︎', '👍🏽']) {
      const longest = char.repeat(DECISION_MAX_LENGTH / textLength(char));
      expect(textLength(longest)).toBe(DECISION_MAX_LENGTH);
      expect(await decisions(longest)).toEqual([]);
      expect(await decisions(`${longest}a`)).toEqual([tooLong]);
    }
  });

  it('counts as class-validator’s own MaxLength did, text by text', () => {
    const samples = ['', 'a', '😀', '❤️', '❤︎', '\uFE0F', '\uFE0Fa', 'a\uFE0F\uFE0F', '😀\uFE0F', '👩‍💻', 'e\u0301', '👍🏽', '1️⃣', '🏳️‍🌈', '§\uFE0E'];
    for (const sample of samples) {
      const length = textLength(sample);
      expect([sample, maxLength(sample, length), maxLength(sample, length - 1)]).toEqual([sample, true, false]);
    }
  });
});
