import type { OutboxOptions } from '@warden/mail';
import type { AppDefinition } from '@warden/store';

/** The outbox settings of an app: its `mail` section, with a sender derived from the app's name. */
export function outboxOptions(app: AppDefinition): OutboxOptions {
  const domain =
    app.name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'warden';
  return {
    from: app.mail?.from ?? `no-reply@${domain}.local`,
    baseUrl: app.baseUrl,
    appName: app.name,
    templates: app.mail?.templates,
  };
}
