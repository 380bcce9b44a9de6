import { en } from './en';
import type { AwardWording, Template } from './template';
import { vi } from './vi';

export type { AwardWording, Template } from './template';
export const TEMPLATES: Record<'vi' | 'en', Template> = { vi, en };
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The wording for an award form at a level: the level's own, the form's default, then the catch-all. */
export const awardWording = (t: Template, awardForm: string, level: string): AwardWording => {
  const form = t.awards[awardForm] ?? t.awards['*'];
  return form[level] ?? form['*'] ?? t.awards['*']['*'];
};

/** `{name}` placeholders filled from values; an unknown one stays as written. */
export const fill = (text: string, values: Record<string, string | number | undefined>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => (values[key] === undefined ? whole : String(values[key])));
