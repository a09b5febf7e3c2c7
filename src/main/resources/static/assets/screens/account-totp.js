// Two-factor authentication with an authenticator app (TOTP): set up with a QR code drawn by
// the server, confirm with a first code, keep the recovery codes, or turn it off. Used by the
// account page and by the screen that REQUIRE_2FA sends people to.
import { post } from '../api.js';
import { h, field, form, notice, copy } from '../dom.js';

export function totpSection(app, changed, saved = () => {}) {
	const holder = h('div', {});
	const render = () => holder.replaceChildren(app.user.totp_enabled ? disableForm() : setupForm());
	const setupForm = () => form({}, [
		h('p', {}, 'Two-factor authentication is off. Turn it on to ask for a code from an authenticator app at each login.'),
		field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		h('button', { type: 'submit' }, 'Set up two-factor authentication'),
	], async (values) => {
		const setup = await post('/api/v1/auth/totp/setup', values);
		holder.replaceChildren(confirmForm(setup));
	});
	const confirmForm = (setup) => form({}, [
		h('p', {}, 'Scan this code with your authenticator app, then enter the code it shows.'),
		h('img', { class: 'qr', src: setup.qr_code_url, alt: 'QR code for your authenticator app', width: '200', height: '200' }),
		h('p', { class: 'hint' }, 'Cannot scan? Enter this key by hand: ', h('code', { class: 'secret' }, setup.secret)),
		field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true }),
		h('button', { type: 'submit' }, 'Turn on'),
	], async (values) => {
		const { recovery_codes: codes } = await post('/api/v1/auth/totp/confirm', values);
		app.user = { ...app.user, totp_enabled: true };
		changed();
		const list = h('ul', { class: 'codes' }, codes.map((code) => h('li', {}, h('code', {}, code))));
		const copyButton = h('button', { type: 'button', class: 'secondary' }, 'Copy recovery codes');
		copyButton.addEventListener('click', () => copy(codes.join('\n'), copyButton));
		holder.replaceChildren(notice('Two-factor authentication is on.'),
			h('p', {}, 'Keep these recovery codes somewhere safe. Each works once in place of a code. They are shown only now.'),
			list, copyButton, h('button', { type: 'button', onclick: () => { render(); saved(); } }, 'I have saved them'));
	});
	const disableForm = () => form({}, [
		h('p', {}, 'Two-factor authentication is on.'),
		field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		field('Authentication code', { name: 'totp_code', autocomplete: 'one-time-code', required: true }),
		h('button', { type: 'submit', class: 'danger' }, 'Turn off two-factor authentication'),
	], async (values) => {
		await post('/api/v1/auth/totp/disable', values);
		app.user = { ...app.user, totp_enabled: false };
		changed();
		render();
	});
	render();
	return holder;
}
