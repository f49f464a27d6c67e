/**
 * zod (schema validation) with German messages. Every schema of the domain core imports zod from
 * here so that the locale is set once, before any schema produces a message.
 */
import { z } from 'zod';

z.config(z.locales.de());

export { z };
