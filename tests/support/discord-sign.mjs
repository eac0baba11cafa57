// Discord's side of an HTTP interaction, for the tests: an Ed25519 key pair that signs like
// Discord (timestamp + raw body), and interaction bodies with the fields API v10 sends.
//
//   const signer = makeSigner();                  // put signer.publicKeyHex in DISCORD_PUBLIC_KEY
//   const body = JSON.stringify(command('redeem', { code: 'SMM-1', link: 'https://...' }));
//   await fetch(url, { method: 'POST', body, headers: signer.headers(body) });
import { generateKeyPairSync, sign, randomBytes } from 'node:crypto';
import { snowflake } from './fake-discord-api.mjs';

export const APPLICATION_ID = '1200000000000000002';
export const GUILD_ID = '1100000000000000003';
export const CHANNEL_ID = '1100000000000000004';
/** Permission strings as Discord sends them (decimal text). */
export const PERMISSIONS = {
  administrator: '8',
  manageGuild: '32',
  /** A plain member: view channels, send messages, use application commands, and so on. */
  member: '2248473465835073',
};

/** { publicKeyHex, sign(timestamp, body) -> hex, headers(body, timestamp?) } */
export function makeSigner() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The SPKI DER of an Ed25519 key ends with the 32-byte raw key, the form Discord shows.
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const publicKeyHex = der.subarray(der.length - 32).toString('hex');
  const signHex = (timestamp, body) => sign(
    null,
    Buffer.concat([Buffer.from(String(timestamp)), Buffer.isBuffer(body) ? body : Buffer.from(body)]),
    privateKey,
  ).toString('hex');
  return {
    publicKeyHex,
    sign: signHex,
    /** The headers Discord sends with `body` (a string or Buffer, sent byte for byte). */
    headers(body, timestamp = Math.floor(Date.now() / 1000)) {
      return {
        'content-type': 'application/json',
        'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
        'x-signature-ed25519': signHex(timestamp, body),
        'x-signature-timestamp': String(timestamp),
      };
    },
  };
}

function token() {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

function user({ userId = '900000000000000005', username = 'buyer', globalName = null } = {}) {
  return {
    id: userId,
    username,
    global_name: globalName,
    discriminator: '0',
    avatar: null,
    public_flags: 0,
  };
}

/**
 * Who is asking, and where: a guild member by default; `{ guildId: null }` for a DM.
 * Options: userId, username, globalName, permissions, guildId, applicationId, token, locale.
 */
function envelope(type, data, o = {}) {
  const guildId = o.guildId === undefined ? GUILD_ID : o.guildId;
  const base = {
    id: snowflake(),
    application_id: o.applicationId ?? APPLICATION_ID,
    type,
    token: o.token ?? token(),
    version: 1,
    locale: o.locale ?? 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    attachment_size_limit: 10485760,
    channel_id: CHANNEL_ID,
    ...(data === undefined ? {} : { data }),
  };
  if (guildId === null) {
    return {
      ...base,
      user: user(o),
      channel: { id: CHANNEL_ID, type: 1 },
      context: 1,
      authorizing_integration_owners: { 0: base.application_id },
    };
  }
  return {
    ...base,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: CHANNEL_ID, guild_id: guildId, type: 0, name: 'redeem' },
    member: {
      user: user(o),
      roles: [],
      permissions: o.permissions ?? PERMISSIONS.member,
      joined_at: '2026-01-01T00:00:00.000000+00:00',
      nick: null,
      avatar: null,
      flags: 0,
      pending: false,
      deaf: false,
      mute: false,
      premium_since: null,
    },
    context: 0,
    authorizing_integration_owners: { 0: guildId },
  };
}

/** Discord's check of the endpoint (type 1). */
export function ping({ applicationId = APPLICATION_ID } = {}) {
  return { id: snowflake(), application_id: applicationId, type: 1, token: token(), version: 1 };
}

/**
 * A slash command (type 2). `options` is Discord's array as is, or an object:
 * text -> type 3, whole number -> 4, boolean -> 5, other number -> 10, a nested object -> a
 * subcommand (type 1): command('codes', { create: { count: 5, ... } }).
 */
export function command(name, options = [], o = {}) {
  const list = Array.isArray(options) ? options : toOptions(options);
  const data = { id: snowflake(), name, type: 1, ...(list.length ? { options: list } : {}) };
  if (o.guildId !== null) data.guild_id = o.guildId ?? GUILD_ID;
  return envelope(2, data, o);
}

/** A button press (type 3) on a message the bot sent, `customId` as the worker made it. */
export function component(customId, o = {}) {
  const interaction = envelope(3, { custom_id: customId, component_type: 2 }, o);
  interaction.message = {
    id: snowflake(),
    type: 20,
    channel_id: CHANNEL_ID,
    content: o.messageContent ?? '',
    author: { id: interaction.application_id, username: 'redeem-edge', bot: true },
    components: [],
    flags: 64,
    timestamp: new Date().toISOString(),
  };
  return interaction;
}

/** A modal submission (type 5): `values` by each text input's custom_id, as Discord nests
 *  them (one action row per input). */
export function modalSubmit(customId, values, o = {}) {
  const components = Object.entries(values).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] }));
  return envelope(5, { custom_id: customId, components }, o);
}

function toOptions(object) {
  return Object.entries(object)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      if (value !== null && typeof value === 'object') {
        return { name, type: 1, options: toOptions(value) };
      }
      const type = typeof value === 'string' ? 3
        : typeof value === 'boolean' ? 5
          : Number.isInteger(value) ? 4 : 10;
      return { name, type, value };
    });
}
