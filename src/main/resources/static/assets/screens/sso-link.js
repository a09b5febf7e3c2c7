// Single sign-on: the login page's "Sign in with …" button, the reason a sign-in at the
// provider came back refused, and the linking step: a provider identity whose verified
// e-mail belongs to an existing account is linked only once the person proves that
// account's password (and code). Nothing here signs anyone in without it.
import { get, post, del } from '../api.js';
import { h, field, form, notice } from '../dom.js';

export const title = 'Link your account';

const OUTCOMES = {
	failed: 'Single sign-on did not complete. Try again.',
	cancelled: 'Single sign-on was cancelled.',
	closed: 'There is no account for you here, and sign-up is closed: ask an administrator.',
	pending: 'Your account is waiting for an administrator\'s approval; try again once it is approved.',
	locked: 'Too many failed logins; try again later.',
	unverified: 'Your provider has not verified your e-mail address, so it cannot be used here: verify it with your provider, then sign in again.',
	'no-email': 'Your provider did not share an e-mail address, so no account can be found or made.',
};

let provider = null;

/** The provider's name and sign-in address, or null when single sign-on is off. */
async function ssoProvider() {
	if (provider === null) {
		provider = get('/web/sso').catch(() => false);
	}
	return provider;
}

/** A link that starts a sign-in at the provider (a navigation, not a form: CSP form-action). */
export async function ssoLogin() {
	const info = await ssoProvider();
	if (!info?.enabled) return null;
	return h('div', { class: 'passkey-login sso-login' },
		h('p', { class: 'or' }, 'or'),
		h('a', { class: 'button secondary', href: info.login_url }, `Sign in with ${info.name}`));
}

/** Why a sign-in at the provider came back refused (#/login?sso=…), or null. */
export function ssoOutcome() {
	const query = window.location.hash.split('?')[1];
	const outcome = query ? new URLSearchParams(query).get('sso') : null;
	return outcome ? OUTCOMES[outcome] || OUTCOMES.failed : null;
}

/** After logout, a link that also ends the provider's session, when it offers that. */
export function endSessionOffer(answer) {
	const url = answer?.end_session_url;
	if (!url || !/^https?:\/\//.test(url)) return null;
	return h('p', { class: 'alt' }, h('a', { href: url }, 'Also sign out of your single sign-on provider'));
}

export async function show(main, app) {
	let offer;
	try {
		offer = await get('/web/sso/link');
	} catch {
		app.loginReason = 'No sign-in is waiting to be linked; sign in with your provider again.';
		app.go('login');
		return;
	}
	let credentials = null;
	const card = h('section', { class: 'card narrow' });
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Link your account'), card));

	const passwordStep = form({ 'aria-labelledby': 'link-heading' }, [
		h('h2', { id: 'link-heading' }, `Sign in with ${offer.provider}`),
		h('p', {}, `An account with the e-mail ${offer.email} exists. Enter its password to link it to ${offer.provider}; from then on ${offer.provider} signs you in.`),
		field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		h('div', { class: 'actions' },
			h('button', { type: 'submit' }, 'Link and sign in'),
			h('button', { type: 'button', class: 'secondary', onclick: () => cancel(app) }, 'Cancel')),
	], async (values) => {
		try {
			app.signedIn(await post('/web/sso/link', values));
		} catch (error) {
			if (error.problem?.totp_required) {
				credentials = values;
				card.replaceChildren(codeStep);
				codeStep.querySelector('input').focus();
				return;
			}
			throw error;
		}
	});

	const codeStep = form({ 'aria-labelledby': 'link-code-heading' }, [
		h('h2', { id: 'link-code-heading' }, 'Two-factor authentication'),
		h('p', {}, 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.'),
		field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'text', required: true }),
		h('button', { type: 'submit' }, 'Link and sign in'),
	], async (values) => {
		app.signedIn(await post('/web/sso/link', { ...credentials, totp_code: values.totp_code.trim() }));
	});

	card.append(passwordStep);
	passwordStep.querySelector('input').focus();
}

async function cancel(app) {
	await del('/web/sso/link');
	app.loginReason = 'Nothing was linked.';
	app.go('login');
}
