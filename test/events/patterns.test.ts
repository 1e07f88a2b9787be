import { describe, expect, it } from 'vitest';
import { compilePatterns, validatePattern } from '../../src/events/patterns.ts';

describe('event patterns', () => {
  it.each([
    [['lead.created'], 'lead.created', true],
    [['lead.created'], 'lead.updated', false],
    [['lead.*'], 'lead.updated', true],
    [['lead.*'], 'lead.score.changed', true],
    [['lead.*'], 'lead', false],
    [['lead.*'], 'leads.created', false],
    [['*.created'], 'contact.created', true],
    [['*.created'], 'contact.tag.created', false],
    [['*'], 'anything.at.all', true],
    [['tag.applied', 'conversation.*'], 'conversation.handoff', true],
    [['tag.applied', 'conversation.*'], 'tag.removed', false],
    [[], 'lead.created', false],
  ])('%j matches %s: %s', (patterns, type, expected) => {
    expect(compilePatterns(patterns)(type)).toBe(expected);
  });

  it('refuses patterns that are not dotted words or *', () => {
    for (const bad of ['', 'Lead.Created', 'lead..created', 'lead.c*', 'lead.created.', '.lead', 'a b', 'x'.repeat(101)]) {
      expect(validatePattern(bad), bad).not.toBeNull();
    }
    for (const good of ['*', 'lead.*', '*.created', 'conversation.handoff', 'message_x.sent'])
      expect(validatePattern(good), good).toBeNull();
  });
});
