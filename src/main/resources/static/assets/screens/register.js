// Create an account, as the server's REGISTRATION allows: then log straight in (open, or
// with an invite), or wait for an administrator's approval; when sign-up is closed, say so.
// An invite link carries its code in the fragment (#/register?invite=...&email=...), which
// no server sees; it is taken into the form and out of the address bar. An invite works in
// every mode, closed included: an administrator made it.
import { get, post } from '../api.js';
import { h, field, form, notice } from '../dom.js';

export const title = 'Create account';

/** The registration mode; the server decides anyway, so an error just means "open". */
export async function registrationMode() {
	try {
		return (await get('/api/v1/auth/registration')).mode;
	} catch {
		return 'open';
	}
}

function inviteFromLink() {
	const [screen, query] = window.location.hash.split('?');
	const params = new URLSearchParams(query || '');
	const invite = params.get('invite');
	if (invite) {
		window.history.replaceState(null, '', `${window.location.pathname}${screen}`);
	}
	return { invite, email: params.get('email'), username: params.get('username') };
}

export async function show(main, app) {
	const { invite, email, username } = inviteFromLink();
	const mode = await registrationMode();
	const card = h('section', { class: 'card narrow' });
	main.append(h('div', { class: 'auth-page' }, h('h1', {}, 'Create account'), card,
		h('p', { class: 'alt' }, 'Have an account? ', h('a', { href: '#/login' }, 'Log in'))));
	if (mode === 'closed' && !invite) {
		card.append(notice('Sign-up is closed on this Bastion. Ask an administrator for an account.'));
		return;
	}
	const create = form({}, [
		mode === 'approval' && !invite ? h('p', { class: 'hint' }, 'An administrator must approve your account before you can log in.') : null,
		mode === 'invite' || invite ? field('Invite code', { name: 'invite_code', autocomplete: 'off', spellcheck: 'false', required: true, value: invite || undefined },
			'Sign-up here is by invitation: the code comes with the link an administrator sent you.') : null,
		field('Username', { name: 'username', autocomplete: 'username', required: true, minlength: '3', maxlength: '50', value: (invite && username) || undefined },
			'3 to 50 letters, digits, dots, dashes or underscores.'),
		field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true, value: (invite && email) || undefined }),
		field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true },
			'At least 8 characters; a long phrase is best. Common passwords are refused.'),
		h('button', { type: 'submit' }, 'Create account'),
	], async (values) => {
		const profile = await post('/api/v1/auth/register', values);
		if (profile.pending) {
			card.replaceChildren(notice(`Your account ${profile.username} has been created. An administrator must approve your `
				+ 'account before you can log in; try again once they have.', 'ok'));
			return;
		}
		app.signedIn(await post('/web/session', { username: values.username, password: values.password }));
	});
	card.append(create);
	create.querySelector(invite ? (username ? 'input[name=password]' : 'input[name=username]') : 'input').focus();
}
