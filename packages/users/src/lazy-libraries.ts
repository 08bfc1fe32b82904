import { createRequire } from 'node:module';

/**
 * The TOTP and JOSE libraries, loaded on first use. Every worker process loads @warden/users to
 * run scripts, which never verify a second factor nor sign a token: loading both at import added
 * to each worker's start (a worker replaced after a crash started late enough for the event
 * delivery suite to notice).
 */
const require = createRequire(import.meta.url);
let otp: typeof import('otpauth') | null = null;

/** otpauth (synchronous: TOTP checks run inside transactions). */
export const otpauth = (): typeof import('otpauth') => {
  otp ??= require('otpauth') as typeof import('otpauth');
  return otp;
};

/** jose (signing is asynchronous anyway). */
export const jose = (): Promise<typeof import('jose')> => import('jose');
