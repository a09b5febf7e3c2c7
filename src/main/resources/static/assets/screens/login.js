// Log in: username or e-mail and password; when the account has a second factor, a
// second step asks for the authenticator code (a recovery code works there too) or, instead,
// one of the account's passkeys; an account REQUIRE_2FA covers with passkeys but no TOTP
// confirms with a passkey.
import { post } from '../api.js';
import { h, field, form, notice } from '../dom.js';
import { registrationMode } from './register.js';
import * as passkeys from '../passkeys.js';
import { ssoLogin, ssoOutcome } from './sso-link.js';

export const title = 'Log in';

export function show(main, app) {
	let credentials = null;
	const heading = h('h1', {}, 'Log in');
	const card = h('section', { class: 'card narrow' });
	const signUp = h('p', { class: 'alt' }, 'New here? ', h('a', { href: '#/register' }, 'Create an account'));
	const outcome = ssoOutcome();
	main.append(h('div', { class: 'auth-page' }, heading,
		app.loginReason ? notice(app.loginReason) : null, outcome ? notice(outcome, 'error') : null,
		app.endSession, card, signUp,
		h('p', { class: 'alt' }, h('a', { href: '#/reset' }, 'Forgot your password?'))));
	// Asked in the background, so the form is usable at once; only "closed" changes it.
	registrationMode().then((mode) => { if (mode === 'closed') signUp.remove(); });

	const passwordStep = form({ 'aria-labelledby': 'login-heading' }, [
		h('h2', { id: 'login-heading', class: 'visually-hidden' }, 'Your credentials'),
		field('Username or email', { name: 'username', autocomplete: 'username', required: true }),
		field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		h('button', { type: 'submit' }, 'Log in'),
	], async (values) => {
		try {
			app.signedIn(await post('/web/session', values));
		} catch (error) {
			if (error.problem?.totp_required) {
				credentials = values;
				card.replaceChildren(codeStep);
				if (error.problem.passkey_allowed && passkeys.supported()) card.append(passkeySecondStep('Use a passkey instead'));
				codeStep.querySelector('input').focus();
				return;
			}
			if (error.problem?.passkey_required) {
				credentials = values;
				const step = passkeySecondStep('Confirm with your passkey');
				card.replaceChildren(h('h2', { id: 'passkey-step-heading' }, 'Confirm it is you'),
					h('p', {}, 'This server asks for a second factor: confirm with one of your passkeys.'), step);
				step.querySelector('button').focus();
				return;
			}
			throw error;
		}
	});

	const codeStep = form({ 'aria-labelledby': 'code-heading' }, [
		h('h2', { id: 'code-heading' }, 'Two-factor authentication'),
		h('p', {}, 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.'),
		field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'text', required: true }),
		h('button', { type: 'submit' }, 'Log in'),
	], async (values) => {
		app.signedIn(await post('/web/session', { ...credentials, totp_code: values.totp_code.trim() }));
	});

	// The password is right; a passkey of the same account is the second step.
	const passkeySecondStep = (label) => form({ class: 'passkey-login', 'aria-label': 'Passkey' }, [
		h('button', { type: 'submit', class: 'secondary' }, label),
	], async () => {
		app.signedIn(await post('/web/session', { ...credentials, passkey: await passkeys.assertion() }));
	});

	card.append(passwordStep);
	if (passkeys.supported()) card.append(passkeyStep(app));
	// Single sign-on, when the server has it: asked in the background like sign-up.
	ssoLogin().then((button) => { if (button && passwordStep.isConnected) card.append(button); });
	passwordStep.querySelector('input').focus();
}

// A passkey alone: no username to type, the passkey names its account.
function passkeyStep(app) {
	return form({ class: 'passkey-login', 'aria-label': 'Passkey' }, [
		h('p', { class: 'or' }, 'or'),
		h('button', { type: 'submit', class: 'secondary' }, 'Sign in with a passkey'),
	], async () => {
		app.signedIn(await passkeys.signIn());
	});
}
