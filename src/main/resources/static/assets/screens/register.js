// Create an account, then log straight in with the same credentials.
import { post } from '../api.js';
import { h, field, form } from '../dom.js';

export const title = 'Create account';

export function show(main, app) {
	const create = form({}, [
		field('Username', { name: 'username', autocomplete: 'username', required: true, minlength: '3', maxlength: '50' },
			'3 to 50 letters, digits, dots, dashes or underscores.'),
		field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
		field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true },
			'At least 8 characters; a long phrase is best. Common passwords are refused.'),
		h('button', { type: 'submit' }, 'Create account'),
	], async (values) => {
		await post('/api/v1/auth/register', values);
		app.signedIn(await post('/web/session', { username: values.username, password: values.password }));
	});
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Create account'), h('section', { class: 'card narrow' }, create),
		h('p', { class: 'alt' }, 'Have an account? ', h('a', { href: '#/login' }, 'Log in'))));
	create.querySelector('input').focus();
}
