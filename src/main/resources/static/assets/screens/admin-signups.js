// The admin area's sign-up card: what REGISTRATION allows, the accounts waiting for
// approval (Approve lets them log in, Reject deletes them), and invites (the link, which
// carries the code, is shown once; listed without it; revocable).
import { get, post, del } from '../api.js';
import { h, field, form, notice, formatTime } from '../dom.js';
import { registrationMode } from './register.js';

const MODES = {
	open: 'Anyone can create an account (REGISTRATION=open).',
	approval: 'New accounts wait for an administrator’s approval (REGISTRATION=approval); an invite lets its person in at once.',
	invite: 'Only people with an invite can create an account (REGISTRATION=invite).',
	closed: 'Nobody can create an account without an invite (REGISTRATION=closed).',
};

const DAY = 24 * 60 * 60;

export function signUps({ table, changed, copy }) {
	const mode = h('p', { class: 'hint' });
	registrationMode().then((name) => { mode.textContent = MODES[name] || ''; });
	const waiting = pendingAccounts(table, changed);
	return h('div', {}, mode, h('h3', {}, 'Waiting for approval'), waiting, h('h3', {}, 'Invites'), invites(table, copy));
}

function pendingAccounts(table, changed) {
	const status = h('p', { role: 'status' });
	const list = h('div', {});
	const load = async () => {
		const { users } = await get('/api/v1/admin/users?status=pending&size=100');
		list.replaceChildren(users.length ? table(['User', 'Email', 'Registered', 'Actions'], users.map((user) => h('tr', {},
			h('td', {}, user.username), h('td', {}, user.email), h('td', {}, formatTime(user.created_at)),
			h('td', { class: 'actions' }, decide(user, 'approve', 'Approve'), decide(user, 'reject', 'Reject')))))
			: h('p', { class: 'hint' }, 'No account is waiting for approval.'));
	};
	const decide = (user, action, label) => h('button', { type: 'button', class: action === 'reject' ? 'danger' : null,
		'aria-label': `${label} ${user.username}`, onclick: async () => {
			try {
				await post(`/api/v1/admin/users/${user.id}/${action}`);
				status.textContent = action === 'approve' ? `${user.username} can log in now.` : `${user.username} was rejected and deleted.`;
				await load();
				changed();
			} catch (error) {
				status.textContent = error.message;
			}
		} }, label);
	load().catch((error) => list.replaceChildren(notice(error.message, 'error')));
	return h('div', {}, status, list);
}

function invites(table, copy) {
	const shown = h('div', {});
	const list = h('div', {});
	const load = async () => {
		const { invites: all } = await get('/api/v1/admin/invites');
		list.replaceChildren(all.length ? table(['For', 'Status', 'Created', 'Expires', ''], all.map((invite) => h('tr', {},
			h('td', {}, invite.email || 'anyone'), h('td', {}, invite.status), h('td', {}, formatTime(invite.created_at)),
			h('td', {}, formatTime(invite.expires_at)),
			h('td', {}, h('button', { type: 'button', class: 'secondary',
				'aria-label': `Revoke the invite for ${invite.email || 'anyone'} created ${formatTime(invite.created_at)}`,
				onclick: async () => { await del(`/api/v1/admin/invites/${invite.id}`); shown.replaceChildren(); load(); } }, 'Revoke')))))
			: h('p', { class: 'hint' }, 'No invites yet.'));
	};
	const create = form({ class: 'inline' }, [
		field('Email (optional)', { name: 'email', type: 'email', autocomplete: 'off' }),
		field('Valid for (days)', { name: 'days', type: 'number', min: '1', max: '30', value: '7', required: true }),
		h('button', { type: 'submit' }, 'Create invite'),
	], async (values, element) => {
		const invite = await post('/api/v1/admin/invites', {
			email: values.email ? values.email.trim() : undefined,
			expires_in: Math.round(Number(values.days) * DAY),
		});
		element.reset();
		const copyButton = h('button', { type: 'button', class: 'secondary' }, 'Copy link');
		copyButton.addEventListener('click', () => copy(invite.link, copyButton));
		shown.replaceChildren(h('div', { class: 'once' },
			h('p', {}, `Send this link to ${invite.email || 'the person you invite'}. It works once, until `
				+ `${formatTime(invite.expires_at)}, and is shown only now.`),
			h('code', { class: 'secret', id: 'new-invite-link' }, invite.link), copyButton));
		load();
	});
	load().catch((error) => list.replaceChildren(notice(error.message, 'error')));
	return h('div', {}, create, shown, list);
}
