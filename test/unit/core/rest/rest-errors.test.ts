import { describe, expect, it } from 'vitest';
import { neighborConfig, networkSpec, speakerConfig } from '../../../../src/core/api/inputs.js';
import { ConflictError, EvpnError, StorageError, NotFoundError, UnreachableError } from '../../../../src/core/errors.js';
import { HttpError } from '../../../../src/core/http/http-error.js';
import { networkRequest, neighborRequest, speakerRequest } from '../../../../src/core/rest/request-fields.js';
import { restNotFoundText, toRestError } from '../../../../src/core/rest/rest-errors.js';

/** What the REST API answers when the core's normalizer rejects `run`. */
function answer(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (err) {
    const e = toRestError(err);
    if (e instanceof HttpError) return { status: e.status, message: e.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('core errors as the REST API answers them', () => {
  it('names fields as the client spelled them', () => {
    expect(answer(() => speakerConfig(speakerRequest({ router_id: '172.17.0.1' }).input))).toEqual({ status: 400, message: 'as_number not specified' });
    expect(answer(() => speakerConfig(speakerRequest({ as_number: 'abc', router_id: '172.17.0.1' }).input))).toEqual({ status: 400, message: 'invalid as_number "abc": expected an integer from 1 to 4294967295' });
    expect(answer(() => neighborConfig(neighborRequest({ address: '172.17.0.2', remote_as: null })))).toEqual({ status: 400, message: 'remote_as not specified' });
    expect(answer(() => networkSpec(networkRequest({ vni: 16777216, logical_switch: 'ls1' })))).toEqual({ status: 400, message: 'invalid vni 16777216: expected an integer from 1 to 16777215' });
    expect(answer(() => networkSpec(networkRequest({ vni: 10, network_id: 'abc' }))).message).toBe('invalid network_id "abc": expected a UUID like 7d29da33-5d12-4c04-95de-1672709ae946');
  });

  it('explains that a network needs a switch, and refuses two', () => {
    expect(answer(() => networkSpec(networkRequest({ vni: 10 })))).toEqual({ status: 400, message: expect.stringMatching(/^logical_switch not specified: evpnctl maps each VNI to an OVN logical switch, so give "logical_switch" .* or "network_id"/) });
    expect(answer(() => networkSpec(networkRequest({ vni: 10, logical_switch: 'a', network_id: '7d29da33-5d12-4c04-95de-1672709ae946' })))).toEqual({ status: 400, message: 'network_id and logical_switch were both given: expected one of them' });
  });

  it("uses rest_vtep's texts for unknown things", () => {
    expect(restNotFoundText('no BGP speaker is configured; run `evpnctl speaker add` first')).toBe('BGPSpeaker could not be found');
    expect(restNotFoundText('no such VNI: 10')).toBe('No such VNI: 10');
    expect(restNotFoundText('no such neighbor: 172.17.0.9')).toBe('No such neighbor: 172.17.0.9');
    expect(restNotFoundText('no such client: aa:bb:cc:dd:ee:ff in VNI 10')).toBe('No such client: aa:bb:cc:dd:ee:ff');
    expect(restNotFoundText('something else entirely')).toBe('something else entirely');
    expect(toRestError(new NotFoundError('no such VNI: 99'))).toMatchObject({ status: 404, message: 'No such VNI: 99' });
  });

  it('maps result codes to statuses and leaves unexpected errors for the 500 path', () => {
    expect(toRestError(new ConflictError('network with VNI 10 already exists'))).toMatchObject({ status: 409, message: 'network with VNI 10 already exists' });
    expect(toRestError(new UnreachableError('OVN NB is down'))).toMatchObject({ status: 503 });
    const unexpected = new Error('boom');
    expect(toRestError(unexpected)).toBe(unexpected);
    const internal = new EvpnError('error', 'disk full');
    expect(toRestError(internal)).toBe(internal);
    expect(toRestError(new StorageError('cannot save the state file /s/state.json: no space left on the device (ENOSPC)'))).toMatchObject({ status: 503, message: expect.stringMatching(/^cannot save the state file/) });
  });
});
