// The one way the UI talks to Bastion: same-origin fetch with the session cookie, the CSRF
// token on every state-changing request, problem details turned into readable errors, and
// an expired session handed to whoever registered for it (the app sends people to log in), and
// likewise a refusal until the account has a second factor.

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** An API failure with the problem's message, field errors and, for 429, when to retry. */
export class ApiError extends Error {
	constructor(status, problem) {
		super(messageOf(status, problem));
		this.status = status;
		this.code = problem.code || null;
		this.fieldErrors = problem.errors || [];
		this.retryAfter = problem.retry_after ?? null;
		this.problem = problem;
	}
}

function messageOf(status, problem) {
	const detail = problem.detail || problem.title || `The request failed (HTTP ${status}).`;
	if (status === 429) {
		const seconds = Number(problem.retry_after);
		const said = /try again in/i.test(detail);
		return !said && Number.isFinite(seconds) && seconds > 0 ? `${detail} Try again in ${waitText(seconds)}.` : detail;
	}
	return detail;
}

function waitText(seconds) {
	if (seconds < 90) return `${Math.ceil(seconds)} second${seconds > 1 ? 's' : ''}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minutes`;
}

let onExpired = () => {};
let onSecondFactorRequired = () => {};

/** Called with no arguments when a call finds the session gone. */
export function whenSessionExpires(callback) {
	onExpired = callback;
}

/** Called when the server refuses a call until the account has a second factor (REQUIRE_2FA). */
export function whenSecondFactorRequired(callback) {
	onSecondFactorRequired = callback;
}

function csrfToken() {
	// __Host-XSRF-TOKEN in production (HTTPS), XSRF-TOKEN in development.
	const cookie = document.cookie.split('; ')
		.find((entry) => entry.startsWith('__Host-XSRF-TOKEN=') || entry.startsWith('XSRF-TOKEN='));
	return cookie ? decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)) : null;
}

async function problemOf(response) {
	const type = response.headers.get('Content-Type') || '';
	let problem = {};
	if (type.includes('json')) {
		try {
			problem = await response.json();
		} catch {
			problem = {};
		}
	}
	if (problem.retry_after === undefined && response.headers.has('Retry-After')) {
		problem.retry_after = Number(response.headers.get('Retry-After'));
	}
	return new ApiError(response.status, problem);
}

/**
 * fetch() for the API. Returns the parsed JSON (null for 204), or the Response itself when
 * `raw` is set (streams, downloads). Throws ApiError for any error status.
 */
export async function call(method, path, { json, body, accept = 'application/json', signal, raw = false } = {}) {
	const send = async () => {
		const headers = { Accept: accept };
		if (json !== undefined) headers['Content-Type'] = 'application/json';
		if (!SAFE_METHODS.has(method)) {
			const token = csrfToken();
			if (token) headers['X-XSRF-TOKEN'] = token;
		}
		return fetch(path, {
			method,
			headers,
			body: json !== undefined ? JSON.stringify(json) : body,
			credentials: 'same-origin',
			cache: 'no-store',
			signal,
		});
	};
	let response = await send();
	if (response.status === 403 && !SAFE_METHODS.has(method) && body === undefined) {
		// The first write of a page may race the CSRF cookie; the refusal sets it, so one retry.
		const problem = await problemOf(response.clone());
		if (/CSRF/.test(problem.message)) response = await send();
	}
	if (!response.ok) {
		const error = await problemOf(response);
		if (response.status === 401 && !path.startsWith('/web/session')) {
			onExpired();
		} else if (error.code === 'SECOND_FACTOR_REQUIRED') {
			onSecondFactorRequired();
		}
		throw error;
	}
	if (raw) return response;
	if (response.status === 204 || response.status === 201 && !(response.headers.get('Content-Type') || '').includes('json')) {
		return null;
	}
	return response.json();
}

export const get = (path, options) => call('GET', path, options);
export const post = (path, json, options) => call('POST', path, { ...options, json });
export const put = (path, json, options) => call('PUT', path, { ...options, json });
export const patch = (path, json, options) => call('PATCH', path, { ...options, json });
export const del = (path, json, options) => call('DELETE', path, { ...options, json });

/** Reads a text/event-stream response, calling onEvent(name, data) for each event. */
export async function readEvents(response, onEvent) {
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		buffer += value;
		let end;
		while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
			let name = 'message';
			const data = [];
			for (const line of block.split(/\r?\n/)) {
				if (line.startsWith('event:')) name = line.slice(6).trim();
				else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
			}
			if (data.length) onEvent(name, JSON.parse(data.join('\n')));
		}
	}
}
