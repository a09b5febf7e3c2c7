// REQUIRE_2FA: an account the server's policy covers that has no second factor yet is sent
// here, and the server refuses everything else until it has one: an authenticator app
// (TOTP) or a passkey. Either, once added, lets the person go on to the chat.
import { h, notice } from '../dom.js';
import { totpSection } from './account-totp.js';
import { passkeysSection } from './account-passkeys.js';

export const title = 'Set up a second factor';

export function show(main, app) {
	const done = () => {
		app.secondFactorRequired = false;
		app.go('chat');
	};
	const totpOn = () => Boolean(app.user.totp_enabled);
	if (totpOn()) {
		done();
		return;
	}
	const passkeys = passkeysSection(app, totpOn, done);
	// Turning TOTP on shows the recovery codes first; "I have saved them" then lets the person
	// in, and so does leaving the screen, since the server no longer holds the account.
	const totp = totpSection(app, () => {
		passkeys.renderForm();
		if (totpOn()) app.secondFactorRequired = false;
	}, () => totpOn() && done());
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Set up a second factor'),
		notice('This server asks every account like yours for a second factor before anything else. Add an authenticator app or a passkey.'),
		h('section', { class: 'card narrow', 'aria-labelledby': 'totp-heading' }, h('h2', { id: 'totp-heading' }, 'Authenticator app'), totp),
		h('section', { class: 'card narrow', 'aria-labelledby': 'passkey-heading' }, h('h2', { id: 'passkey-heading' }, 'Passkey'), passkeys.element)));
}
