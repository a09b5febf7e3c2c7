// An account an administrator created with a one-time password: before anything else its
// owner chooses a password of their own (the server refuses every other call until then).
import { get, post } from '../api.js';
import { h, field, form, notice } from '../dom.js';

export const title = 'Choose your password';

export function show(main, app) {
	const change = form({ 'aria-labelledby': 'password-heading' }, [
		h('h2', { id: 'password-heading', class: 'visually-hidden' }, 'The password you choose'),
		field('One-time password', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
		field('New password', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true },
			'At least 8 characters; long and unusual is best.'),
		h('button', { type: 'submit' }, 'Set my password'),
	], async (values) => {
		await post('/api/v1/auth/password/change', {
			current_password: values.current_password, new_password: values.new_password,
		});
		app.user = await get('/api/v1/users/me');
		app.go('chat');
	});
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Choose your password'),
		notice('An administrator created your account with a one-time password. Choose your own to go on.'),
		h('section', { class: 'card narrow' }, change)));
	change.querySelector('input').focus();
}
