// Passkeys through the browser's WebAuthn API. The server (Spring Security's WebAuthn
// support) makes the options and checks the answers; this file only turns base64url into
// bytes and back, since the WebAuthn API speaks ArrayBuffers and JSON does not.
import { post, get, del } from './api.js';

/** Whether this browser can use passkeys at all. */
export const supported = () => Boolean(window.PublicKeyCredential && navigator.credentials);

function bytes(base64url) {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(base64);
	return Uint8Array.from(binary, (character) => character.charCodeAt(0)).buffer;
}

function base64url(buffer) {
	let binary = '';
	for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

const descriptors = (list) => (list || []).map((descriptor) => ({ ...descriptor, id: bytes(descriptor.id) }));

/** Why a ceremony ended in the browser, in words (the browser's own are technical). */
function ceremonyError(error) {
	if (error && error.name === 'NotAllowedError') {
		return new Error('The passkey request was cancelled or timed out.');
	}
	if (error && error.name === 'InvalidStateError') {
		return new Error('This authenticator already holds a passkey for your account.');
	}
	return error;
}

/** Signs in with a passkey alone: the passkey says whose it is. Resolves to the user. */
export async function signIn() {
	return post('/web/session/passkey', await assertion());
}

/**
 * A passkey's answer to a fresh challenge, `{challenge, credential}`: for a sign-in with the
 * passkey alone, or as the second step of a password login (sent as `passkey`).
 */
export async function assertion() {
	const options = await post('/api/v1/auth/passkey/options');
	let credential;
	try {
		credential = await navigator.credentials.get({
			publicKey: { ...options, challenge: bytes(options.challenge), allowCredentials: descriptors(options.allowCredentials) },
		});
	} catch (error) {
		throw ceremonyError(error);
	}
	const { response } = credential;
	return {
		challenge: options.challenge,
		credential: {
			id: credential.id,
			rawId: base64url(credential.rawId),
			type: credential.type,
			response: {
				authenticatorData: base64url(response.authenticatorData),
				clientDataJSON: base64url(response.clientDataJSON),
				signature: base64url(response.signature),
				userHandle: response.userHandle ? base64url(response.userHandle) : undefined,
			},
			clientExtensionResults: credential.getClientExtensionResults(),
			authenticatorAttachment: credential.authenticatorAttachment || undefined,
		},
	};
}

/** Makes a passkey for the signed-in account; `proof` is the current password (and code). */
export async function register(name, proof) {
	const options = await post('/api/v1/users/me/passkeys/options', proof);
	let credential;
	try {
		credential = await navigator.credentials.create({
			publicKey: {
				...options,
				challenge: bytes(options.challenge),
				user: { ...options.user, id: bytes(options.user.id) },
				excludeCredentials: descriptors(options.excludeCredentials),
			},
		});
	} catch (error) {
		throw ceremonyError(error);
	}
	const { response } = credential;
	return post('/api/v1/users/me/passkeys', {
		name,
		challenge: options.challenge,
		credential: {
			id: credential.id,
			rawId: base64url(credential.rawId),
			type: credential.type,
			response: {
				attestationObject: base64url(response.attestationObject),
				clientDataJSON: base64url(response.clientDataJSON),
				transports: response.getTransports ? response.getTransports() : [],
			},
			clientExtensionResults: credential.getClientExtensionResults(),
			authenticatorAttachment: credential.authenticatorAttachment || undefined,
		},
	});
}

export const list = async () => (await get('/api/v1/users/me/passkeys')).passkeys;

export const remove = (id, proof) => del(`/api/v1/users/me/passkeys/${encodeURIComponent(id)}`, proof);
