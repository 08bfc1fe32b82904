import { type FieldError, validationErrors } from '@warden/sys-api';
import { isPlainObject } from './describe-value.js';
import { type CompiledTemplate, compileTemplate } from './template-render.js';

/** The mails Warden sends by itself. */
export type TemplateName = 'welcome' | 'reset' | 'changed';

/** Every template name. */
export const TEMPLATE_NAMES: readonly TemplateName[] = ['welcome', 'reset', 'changed'];

/** One mail template as an app definition writes it (`mail.templates.<name>`). */
export interface TemplateDefinition {
  subject: string;
  text: string;
  /** Without it the mail is sent as plain text only. */
  html?: string;
}

/** A template parsed and checked. */
export interface CompiledMailTemplate {
  subject: CompiledTemplate;
  text: CompiledTemplate;
  html: CompiledTemplate | null;
}

const DEFAULTS: Record<TemplateName, TemplateDefinition> = {
  welcome: {
    subject: 'Welcome to {{appName}}',
    text: `Hello {{firstName}},

An account on {{appName}} was created for you ({{user.email}}).
{{#link}}
Set your password here{{#expiresInMinutes}} within {{expiresInMinutes}} minutes{{/expiresInMinutes}}: {{link}}
{{/link}}{{#password}}
Or sign in with this temporary password: {{password}}
You will be asked to change it.
{{/password}}`,
    html: `<p>Hello {{firstName}},</p>
<p>An account on {{appName}} was created for you ({{user.email}}).</p>
{{#link}}<p><a href="{{link}}">Set your password</a>{{#expiresInMinutes}} within {{expiresInMinutes}} minutes{{/expiresInMinutes}}.</p>{{/link}}
{{#password}}<p>Or sign in with this temporary password: <code>{{password}}</code><br>
You will be asked to change it.</p>{{/password}}`,
  },
  reset: {
    subject: 'Reset your {{appName}} password',
    text: `Hello {{firstName}},

Someone asked to reset the password of your {{appName}} account ({{user.email}}).
To choose a new one, open this link{{#expiresInMinutes}} within {{expiresInMinutes}} minutes{{/expiresInMinutes}}:
{{link}}
{{#code}}
Or enter this reset code: {{code}}
{{/code}}
If it was not you, ignore this mail: your password stays the same.`,
    html: `<p>Hello {{firstName}},</p>
<p>Someone asked to reset the password of your {{appName}} account ({{user.email}}).</p>
<p><a href="{{link}}">Choose a new password</a>{{#expiresInMinutes}} within {{expiresInMinutes}} minutes{{/expiresInMinutes}}.</p>
{{#code}}<p>Or enter this reset code: <code>{{code}}</code></p>{{/code}}
<p>If it was not you, ignore this mail: your password stays the same.</p>`,
  },
  changed: {
    subject: 'Your {{appName}} password was changed',
    text: `Hello {{firstName}},

The password of your {{appName}} account ({{user.email}}) was just changed.
If you did not change it, contact your administrator at once.`,
    html: `<p>Hello {{firstName}},</p>
<p>The password of your {{appName}} account ({{user.email}}) was just changed.</p>
<p>If you did not change it, contact your administrator at once.</p>`,
  },
};

/** The built-in template of `name`, to show or to start an override from. */
export function defaultTemplate(name: TemplateName): TemplateDefinition {
  return { ...DEFAULTS[name] };
}

/**
 * Checks an app's `mail.templates` and compiles every template, overrides over defaults.
 * Every problem is reported at once as `validationErrors`, each with its path.
 */
export function compileTemplates(overrides: unknown): Map<TemplateName, CompiledMailTemplate> {
  const errors: FieldError[] = [];
  const base = 'mail.templates';
  if (overrides !== undefined && overrides !== null && !isPlainObject(overrides)) {
    throw validationErrors([
      { field: base, code: 'invalid', message: 'must be an object of templates by name' },
    ]);
  }
  const given = (overrides ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!TEMPLATE_NAMES.includes(name as TemplateName)) {
      errors.push({
        field: `${base}.${name}`,
        code: 'unknown',
        message: `is not one of ${TEMPLATE_NAMES.join(', ')}`,
      });
    }
  }
  const compiled = new Map<TemplateName, CompiledMailTemplate>();
  for (const name of TEMPLATE_NAMES) {
    const def = Object.hasOwn(given, name) ? given[name] : DEFAULTS[name];
    const one = compileDefinition(`${base}.${name}`, def, errors);
    if (one) compiled.set(name, one);
  }
  if (errors.length)
    throw validationErrors(errors, `createOutbox: invalid mail templates: ${summary(errors)}`);
  return compiled;
}

function compileDefinition(path: string, def: unknown, errors: FieldError[]): CompiledMailTemplate | null {
  if (!isPlainObject(def)) {
    errors.push({ field: path, code: 'invalid', message: 'must be an object {subject, text, html?}' });
    return null;
  }
  const before = errors.length;
  for (const key of Object.keys(def)) {
    if (key !== 'subject' && key !== 'text' && key !== 'html') {
      errors.push({ field: `${path}.${key}`, code: 'unknown', message: 'is not one of subject, text, html' });
    }
  }
  const subject = compilePart(`${path}.subject`, def.subject, true, errors);
  const text = compilePart(`${path}.text`, def.text, true, errors);
  const html = compilePart(`${path}.html`, def.html, false, errors);
  if (errors.length > before || !subject || !text) return null;
  return { subject, text, html };
}

function compilePart(
  path: string,
  source: unknown,
  required: boolean,
  errors: FieldError[],
): CompiledTemplate | null {
  if (source === undefined && !required) return null;
  if (typeof source !== 'string' || !source.trim()) {
    errors.push({ field: path, code: 'required', message: 'must be a non-empty string' });
    return null;
  }
  try {
    return compileTemplate(source);
  } catch (err) {
    errors.push({ field: path, code: 'invalid', message: (err as Error).message });
    return null;
  }
}

function summary(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}
