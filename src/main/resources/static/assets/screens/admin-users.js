// The admin area's user card: create an account with a one-time password or an invite
// link (either shown once),
// find accounts (search, status, pages), act on each (activate, role, unlock, tokens,
// second factor, delete after a confirmation), and one account's limits and usage. Every
// value from the server goes in as text.
import { get, post, put, del } from '../api.js';
import { h, field, form, notice, checkbox, formatTime } from '../dom.js';

const PAGE_SIZE = 20;

const STATUSES = [['', 'Any status'], ['active', 'Active'], ['pending', 'Pending'], ['deactivated', 'Deactivated']];

let selectCount = 0;

export function users({ table, copy }) {
	const results = h('div', {});
	const status = h('p', { role: 'status' });
	const confirmation = h('div', {});
	const details = h('div', {});
	let query = '';
	let only = '';
	let page = 0;
	const say = (text) => { status.textContent = text; };

	const load = async () => {
		const params = new URLSearchParams({ q: query, status: only, page: String(page), size: String(PAGE_SIZE) });
		const found = await get(`/api/v1/admin/users?${params}`);
		const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
		// replaceChildren would write a null as the text "null": h() drops it.
		results.replaceChildren(h('div', {}, h('p', { class: 'hint' }, `${found.total} user${found.total === 1 ? '' : 's'}`),
			table(['User', 'Email', 'Role', 'Status', 'Actions'], found.users.map((user) => h('tr', {},
				h('td', {}, user.username), h('td', {}, user.email), h('td', {}, user.role),
				h('td', {}, !user.active ? h('span', { class: 'badge warn' }, 'deactivated')
					: user.pending ? h('span', { class: 'badge warn' }, 'pending') : 'active'),
				h('td', { class: 'actions' }, ...actions(user))))),
			pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'User pages' },
				h('button', { type: 'button', class: 'secondary', disabled: page === 0, onclick: () => turn(-1) }, 'Previous page'),
				h('span', {}, `Page ${page + 1} of ${pages}`),
				h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, onclick: () => turn(1) }, 'Next page'))
				: null));
	};
	const reload = () => load().catch((error) => results.replaceChildren(notice(error.message, 'error')));
	const turn = (step) => { page += step; reload(); };

	const run = async (label, user, request) => {
		try {
			await request();
			say(`${label}: done for ${user.username}.`);
			await load();
		} catch (error) {
			say(error.message);
		}
	};
	const act = (user, action, label) => h('button', { type: 'button', class: 'secondary', 'aria-label': `${label} ${user.username}`,
		onclick: () => run(label, user, () => post(`/api/v1/admin/users/${user.id}/${action}`)) }, label);
	const confirmDelete = (user) => {
		const yes = h('button', { type: 'button', class: 'danger', onclick: async () => {
			confirmation.replaceChildren();
			details.replaceChildren();
			await run('Delete', user, () => del(`/api/v1/admin/users/${user.id}`));
		} }, `Delete ${user.username} for good`);
		confirmation.replaceChildren(h('div', { class: 'notice error', role: 'alert' },
			h('p', {}, `Delete ${user.username} and everything stored for the account? There is no undo.`), yes,
			h('button', { type: 'button', class: 'secondary', onclick: () => confirmation.replaceChildren() }, 'Cancel')));
		yes.focus();
	};
	const actions = (user) => [user.active ? act(user, 'deactivate', 'Deactivate') : act(user, 'activate', 'Activate'),
		user.pending ? null : user.role === 'ADMIN' ? act(user, 'demote', 'Demote') : act(user, 'promote', 'Make admin'),
		act(user, 'unlock', 'Unlock'), act(user, 'revoke-tokens', 'Revoke tokens'),
		user.totp_enabled ? act(user, 'reset-totp', 'Reset two-factor') : null,
		h('button', { type: 'button', class: 'secondary', 'aria-label': `Limits and usage of ${user.username}`,
			onclick: () => showDetails(details, user, say) }, 'Limits and usage'),
		h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${user.username}`,
			onclick: () => confirmDelete(user) }, 'Delete')].filter(Boolean);

	const statusId = `user-status-${++selectCount}`;
	const search = form({ class: 'inline', role: 'search' }, [
		field('Find users', { name: 'q', type: 'search', placeholder: 'username or email' }),
		h('div', { class: 'field', dataset: { name: 'status' } }, h('label', { for: statusId }, 'Status'),
			h('select', { id: statusId, name: 'status' }, STATUSES.map(([value, label]) => h('option', { value }, label)))),
		h('button', { type: 'submit' }, 'Search'),
	], async (values) => {
		query = values.q || '';
		only = values.status || '';
		page = 0;
		await load();
	});
	reload();
	return { element: h('div', {}, creation(copy, reload), h('h3', {}, 'All users'), search, status, confirmation, results, details), reload };
}

function creation(copy, changed) {
	const shown = h('div', {});
	const methodId = `new-user-method-${++selectCount}`;
	const create = form({ class: 'inline' }, [
		field('New username', { name: 'username', autocomplete: 'off', required: true }),
		field('New user’s email', { name: 'email', type: 'email', autocomplete: 'off', required: true }),
		h('div', { class: 'field', dataset: { name: 'method' } }, h('label', { for: methodId }, 'First sign-in'),
			h('select', { id: methodId, name: 'method' }, h('option', { value: 'password' }, 'One-time password'),
				h('option', { value: 'invite' }, 'Invite link'))),
		checkbox('Administrator', { name: 'admin' }),
		h('button', { type: 'submit' }, 'Create user'),
	], async (values, element) => {
		const invite = values.method === 'invite';
		const created = await post('/api/v1/admin/users', {
			username: values.username.trim(), email: values.email.trim(), role: values.admin === 'on' ? 'ADMIN' : 'USER',
			invite,
		});
		element.reset();
		shown.replaceChildren(invite ? inviteShown(created, copy) : passwordShown(created, copy));
		changed();
	});
	return h('div', {}, h('h3', {}, 'New user'),
		h('p', { class: 'hint' }, 'A one-time password is for you to hand over; with an invite link, the user chooses their '
			+ 'own password and the account is active at once, whatever the sign-up mode. An invite makes a user, not an administrator.'),
		create, shown);
}

function passwordShown(created, copy) {
	const copyButton = h('button', { type: 'button', class: 'secondary' }, 'Copy password');
	copyButton.addEventListener('click', () => copy(created.one_time_password, copyButton));
	return h('div', { class: 'once' },
		h('p', {}, `${created.user.username} can log in with this one-time password, shown only now, and must `
			+ 'choose their own at once. Hand it over in person or another safe way.'),
		h('code', { class: 'secret', id: 'new-user-password' }, created.one_time_password), copyButton);
}

function inviteShown(created, copy) {
	const copyButton = h('button', { type: 'button', class: 'secondary' }, 'Copy link');
	copyButton.addEventListener('click', () => copy(created.link, copyButton));
	return h('div', { class: 'once' },
		h('p', {}, `Send this invite link, shown only now, to ${created.email}: it works once, for that address only, `
			+ `until ${formatTime(created.expires_at)}. Anyone holding it can create the account, so send it privately.`),
		h('code', { class: 'secret', id: 'new-user-link' }, created.link), copyButton);
}

async function showDetails(holder, user, say) {
	let usage;
	let limits;
	try {
		[usage, limits] = await Promise.all([get(`/api/v1/admin/users/${user.id}/usage?days=30`),
			get(`/api/v1/admin/users/${user.id}`).then((found) => found.limits)]);
	} catch (error) {
		say(error.message);
		return;
	}
	const budgetText = (spent) => `Daily token budget: ${spent.daily_token_budget}`
		+ (spent.own_budget ? ' (set for this user).' : ' (the default for everyone).');
	const summary = h('p', {}, budgetText(usage));
	const saved = h('p', { role: 'status' });
	const edit = form({ class: 'inline' }, [
		field('Daily token budget', { name: 'budget', type: 'number', min: '0', step: '1',
			value: limits.daily_token_budget ?? '' }, 'Empty: the default for everyone.'),
		field('Allowed models', { name: 'models', value: (limits.allowed_models || []).join(', ') },
			'Comma-separated; empty: every model the role may use.'),
		h('button', { type: 'submit' }, 'Save limits'),
	], async (values) => {
		const models = values.models.split(',').map((name) => name.trim()).filter(Boolean);
		await put(`/api/v1/admin/users/${user.id}/limits`, {
			daily_token_budget: values.budget === '' ? null : Number(values.budget),
			allowed_models: models.length ? models : null,
		});
		summary.textContent = budgetText(await get(`/api/v1/admin/users/${user.id}/usage?days=1`));
		saved.textContent = `Limits saved for ${user.username}.`;
	});
	const id = `details-${user.id}`;
	holder.replaceChildren(h('section', { class: 'user-details', 'aria-labelledby': id },
		h('h3', { id }, `Limits and usage of ${user.username}`), summary, edit, saved,
		usage.days.length ? h('div', { class: 'table-wrap' }, h('table', {},
			h('caption', {}, 'The last 30 days (UTC)'),
			h('thead', {}, h('tr', {}, ['Day', 'Tokens', 'Requests'].map((heading) => h('th', { scope: 'col' }, heading)))),
			h('tbody', {}, usage.days.map((day) => h('tr', {}, h('td', {}, day.day), h('td', {}, String(day.tokens)),
				h('td', {}, String(day.requests)))))))
			: h('p', { class: 'hint' }, 'No use in the last 30 days.')));
	holder.querySelector('h3').setAttribute('tabindex', '-1');
	holder.querySelector('h3').focus();
}
