// The first administrator, on a fresh install: the one-time setup code from the server's
// log (never shown by the server anywhere else) and the new account, which is then logged
// in. Shown instead of the login screen while setup is open; people who already have an
// account can still log in from here.
import { post } from '../api.js';
import { h, field, form } from '../dom.js';

export const title = 'Set up Bastion';

export function show(main, app) {
	const setup = form({}, [
		h('p', {}, 'No administrator exists yet. Bastion printed a one-time setup code in its log when it started, '
			+ 'on the line “Bastion setup code: …”. Enter it here to create the first administrator.'),
		field('Setup code', { name: 'setup_code', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', required: true },
			'From the server’s log, e.g. podman logs bastion. It works once, for 24 hours.'),
		field('Username', { name: 'username', autocomplete: 'username', required: true, minlength: '3', maxlength: '50' },
			'3 to 50 letters, digits, dots, dashes or underscores.'),
		field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
		field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true },
			'At least 8 characters; a long phrase is best. Common passwords are refused.'),
		h('button', { type: 'submit' }, 'Set up Bastion'),
	], async (values) => {
		try {
			await post('/api/v1/setup', values);
		} catch (error) {
			if (error.status !== 404) throw error;
			// Someone else finished the setup a moment ago.
			app.setupOpen = false;
			app.loginReason = 'Bastion has been set up already. Log in with your account.';
			app.go('login');
			return;
		}
		app.setupOpen = false;
		app.signedIn(await post('/web/session', { username: values.username, password: values.password }));
	});
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Set up Bastion'), h('section', { class: 'card narrow' }, setup),
		h('p', { class: 'alt' }, 'Have an account already? ', h('a', { href: '#/login' }, 'Log in'))));
	setup.querySelector('input').focus();
}
