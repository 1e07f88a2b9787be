/**
 * What the console's forms need to know about the API and cannot read from it: each channel's
 * credential fields (from the same schemas the channels routes check) and the event catalogue.
 * Public facts only, served as a static `catalogue.json`; no data of any workspace.
 */
import { z } from '@hono/zod-openapi';
import { CHANNELS, PHONE_CHANNELS } from '../domain/types.ts';
import { EVENT_CATALOGUE } from '../events/catalogue.ts';
import { CREDENTIALS } from '../routes/channels/schemas.ts';

export interface CredentialField {
  name: string;
  required: boolean;
}

export interface ConsoleCatalogue {
  channels: { channel: string; credentials: CredentialField[]; phone: boolean }[];
  events: { type: string; description: string }[];
}

function credentialFields(schema: z.ZodType): CredentialField[] {
  const object = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(object instanceof z.ZodObject)) return [];
  return Object.entries(object.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    required: !field.safeParse(undefined).success,
  }));
}

export function consoleCatalogue(): ConsoleCatalogue {
  return {
    channels: CHANNELS.map((channel) => ({
      channel,
      credentials: credentialFields(CREDENTIALS[channel]),
      phone: PHONE_CHANNELS.has(channel),
    })),
    events: Object.entries(EVENT_CATALOGUE).map(([type, { description }]) => ({ type, description })),
  };
}
