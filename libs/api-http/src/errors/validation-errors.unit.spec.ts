import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PlanMilestoneDto, ProposePartnershipDto } from '../partnerships/dto';
import { fieldErrors, validationException } from './validation-errors';

const check = (cls: new () => object, body: object) =>
  fieldErrors(validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));

const valid = {
  title: 'Insertion',
  territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
  partners: [
    { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
    { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
  ],
  modes: ['mecenat'],
};

describe('DTO validation → field-level details', () => {
  it('accepts a valid proposal', () => {
    expect(check(ProposePartnershipDto, valid)).toEqual([]);
  });

  it('names nested fields with dotted paths and rejects unknown fields at any depth', () => {
    const details = check(ProposePartnershipDto, {
      ...valid,
      colour: 'blue',
      territory: { ...valid.territory, scale: 'galactic', extra: 1 },
      partners: [{ orgId: 'a b', name: '', sphere: 'association' }],
      modes: ['mecenat', 'mecenat'],
    });
    const fields = details.map((d) => d.field).sort();
    expect(fields).toEqual(['colour', 'modes', 'partners.0.name', 'partners.0.orgId', 'territory.extra', 'territory.scale']);
    expect(details.find((d) => d.field === 'colour')?.messages).toEqual(['property colour should not exist']);
  });

  it('requires real calendar dates', () => {
    expect(check(PlanMilestoneDto, { title: 'M', dueDate: '2025-02-29' }).map((d) => d.field)).toEqual(['dueDate']);
    expect(check(PlanMilestoneDto, { title: 'M', dueDate: '2024-02-29' })).toEqual([]);
    expect(check(PlanMilestoneDto, { title: 'M', dueDate: '2024-02-29T00:00:00Z' }).map((d) => d.field)).toEqual(['dueDate']);
  });

  it('builds one VALIDATION error listing the fields', () => {
    const error = validationException(validateSync(plainToInstance(PlanMilestoneDto, { title: '  ' })));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('invalid request: title, dueDate');
    expect(error.toBody().details?.map((d) => d.field)).toEqual(['title', 'dueDate']);
  });
});

describe('validation answers stay small whatever was sent', () => {
  it('lists the first 10 fields, counts the others, and clips a long field name', () => {
    const body: Record<string, unknown> = { title: 'M', dueDate: '2024-02-29' };
    for (let i = 0; i < 40; i += 1) body[`k${i}`] = 1;
    const errors = validateSync(plainToInstance(PlanMilestoneDto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    const error = validationException(errors);
    expect(error.toBody().details?.map((d) => d.field)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect(error.message).toBe('invalid request: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, … and 30 more');

    const long = 'x'.repeat(10_000);
    const clipped = validationException(
      validateSync(plainToInstance(PlanMilestoneDto, { title: 'M', dueDate: '2024-02-29', [long]: 1 }), { whitelist: true, forbidNonWhitelisted: true }),
    );
    expect(JSON.stringify(clipped.toBody()).length).toBeLessThan(1000);
    expect(clipped.toBody().details?.[0]?.field).toBe(`${'x'.repeat(119)}…`);
  });
});
