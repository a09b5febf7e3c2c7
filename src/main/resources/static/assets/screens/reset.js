// Password reset: asking for a link by e-mail (#/forgot), and setting a new password from
// the link (/reset-password#token=…). The token is taken out of the address bar at once.
import { post } from '../api.js';
import { h, field, form, notice } from '../dom.js';

export const title = 'Reset password';

export function show(main, app) {
	const token = app.resetToken;
	const card = h('section', { class: 'card narrow' });
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, token ? 'Choose a new password' : 'Reset password'), card,
		h('p', { class: 'alt' }, h('a', { href: '#/login' }, 'Back to log in'))));
	if (token) {
		card.append(form({}, [
			field('New password', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true },
				'At least 8 characters; a long phrase is best. Common passwords are refused.'),
			h('button', { type: 'submit' }, 'Set new password'),
		], async (values) => {
			await post('/api/v1/auth/password/reset', { token, new_password: values.new_password });
			app.resetToken = null;
			app.user = null;
			app.loginReason = 'Your password has been changed, and every login ended. Log in with the new password.';
			window.history.replaceState(null, '', '/#/login');
			app.go('login');
		}));
	} else {
		card.append(form({}, [
			h('p', {}, 'Enter the e-mail address of your account. If it has one, a link to choose a new password is sent to it.'),
			field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
			h('button', { type: 'submit' }, 'Send the link'),
		], async (values, element) => {
			const answer = await post('/api/v1/auth/password/reset-request', values);
			element.replaceWith(notice(answer.message));
		}));
	}
	card.querySelector('input').focus();
}
