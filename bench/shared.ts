/** Constants shared by the orchestrator and its children (importing a child script would start it). */

/** The fake WhatsApp account's credentials (bench/fake-whatsapp.ts checks them). */
export const FAKE_ACCESS_TOKEN = 'bench-access-token';
export const FAKE_PHONE_NUMBER_ID = '106540352242922';
