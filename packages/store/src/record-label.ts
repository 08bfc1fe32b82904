import type { EntityDef } from './app-definition.js';

const PART = /\{([^{}]+)\}/g;

function readPath(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') {
    const label = (value as { label?: unknown }).label;
    return typeof label === 'string' ? label : '';
  }
  return String(value);
}

/** The field paths a label expression reads: `{firstName} {lastName}` → both names. */
export function labelFields(label: string): string[] {
  const parts = [...label.matchAll(PART)].map((m) => m[1]!.trim());
  return parts.length > 0 ? parts : [label.trim()];
}

/**
 * Computes a record's label from its stored data. The entity's `label` is a field name or a
 * template with `{field}` parts; an empty result is null.
 */
export function computeLabel(entity: EntityDef, data: Record<string, unknown>): string | null {
  if (entity.label === undefined) return null;
  const text = entity.label.includes('{')
    ? entity.label.replace(PART, (_, path: string) => display(readPath(data, path.trim())))
    : display(readPath(data, entity.label.trim()));
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
