// The core API's errors as rest_vtep answered them: the HTTP status for each result code, field names as
// the client spelled them (as_number, not asn), and rest_vtep's own texts for unknown things
// ("No such VNI: 10", "BGPSpeaker could not be found"), which scripts written for it may match on.
import { EvpnError, StorageError, ValidationError } from '../errors.js';
import { HttpError } from '../http/http-error.js';
import { REST_NAME_OF } from './request-fields.js';

/** rest_vtep's messages for what does not exist, keyed by the core API's message. */
const NOT_FOUND_TEXTS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^no BGP speaker is configured/, () => 'BGPSpeaker could not be found'],
  [/^no such VNI: (\S+)/, (m) => `No such VNI: ${m[1] ?? ''}`],
  [/^no such neighbor: (\S+)/, (m) => `No such neighbor: ${m[1] ?? ''}`],
  [/^no such client: (\S+)/, (m) => `No such client: ${m[1] ?? ''}`],
];

/** rest_vtep's wording for a core not-found message; other messages pass unchanged. */
export function restNotFoundText(message: string): string {
  for (const [re, text] of NOT_FOUND_TEXTS) {
    const m = re.exec(message);
    if (m) return text(m);
  }
  return message;
}

/** What the core API says when a network names no switch: the REST side needs different advice. */
const NO_SWITCH_FIELD = 'network id or logical switch';
const NO_SWITCH_TEXT = 'logical_switch not specified: evpnctl maps each VNI to an OVN logical switch, so give "logical_switch" (an OVN logical switch name or uuid) or "network_id" (a Neutron network id) with the vni';
const GENERIC_REQUIRED = 'a value (the field is required)';

/** A ValidationError's message with the REST field name in place of the core one. */
export function restValidationText(err: ValidationError): string {
  if (err.field === NO_SWITCH_FIELD) return NO_SWITCH_TEXT;
  if (err.field === 'network' && err.message.includes('not both')) return 'network_id and logical_switch were both given: expected one of them';
  const rest = REST_NAME_OF.get(err.field);
  if (rest === undefined) return err.message;
  if (err.value === undefined || err.value === null) {
    return err.expected === GENERIC_REQUIRED ? `${rest} not specified` : `${rest} not specified: expected ${err.expected}`;
  }
  return `invalid ${rest} ${JSON.stringify(err.value)}: expected ${err.expected}`;
}

/** HTTP status per core result code. */
const STATUS_OF: Readonly<Partial<Record<EvpnError['code'], number>>> = {
  invalid: 400,
  protocol: 400,
  not_found: 404,
  exists: 409,
  unreachable: 503,
};

/**
 * The HttpError to answer a failed request with. Anything that is not an expected EvpnError is returned
 * unchanged, so the listener logs it and answers a plain 500.
 */
export function toRestError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  if (!(err instanceof EvpnError)) return err;
  if (err instanceof StorageError) return new HttpError(503, err.message); // a full or read-only disk: try again once fixed
  const status = Object.hasOwn(STATUS_OF, err.code) ? STATUS_OF[err.code] : undefined;
  if (status === undefined) return err;
  if (err instanceof ValidationError) return new HttpError(400, restValidationText(err));
  if (err.code === 'not_found') return new HttpError(404, restNotFoundText(err.message));
  return new HttpError(status, err.message);
}
