import * as mail from '@warden/mail';
import * as testing from '@warden/mail/testing';
import { describe, expect, it } from 'vitest';

describe('@warden/mail entry points', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(mail).sort()).toEqual([
      'MAIL_STATES',
      'TEMPLATE_NAMES',
      'createMailDispatcher',
      'createOutbox',
      'createTransport',
      'defaultTemplate',
      'holderGone',
      'processHolder',
    ]);
    expect(Object.keys(testing)).toEqual(['startSmtpSink']);
  });

  it('shows the built-in templates, as copies', () => {
    const reset = mail.defaultTemplate('reset');
    expect(reset.subject).toBe('Reset your {{appName}} password');
    reset.subject = 'changed';
    expect(mail.defaultTemplate('reset').subject).toBe('Reset your {{appName}} password');
  });

  it('runs the sink through the testing entry', async () => {
    const sink = await testing.startSmtpSink();
    const transport = mail.createTransport(sink.url);
    await transport.send({
      id: 'x1',
      messageId: '<x1@acme.test>',
      from: 'a@acme.test',
      to: 'b@acme.test',
      subject: 'S',
      text: 'T',
      html: null,
    });
    transport.close();
    const [received] = await sink.waitFor(1);
    await sink.stop();
    expect(received).toMatchObject({
      messageId: '<x1@acme.test>',
      subject: 'S',
      html: null,
      rcptTo: ['b@acme.test'],
    });
    expect(received?.text.trim()).toBe('T');
  });
});
