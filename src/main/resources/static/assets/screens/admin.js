// Administration: sign-ups (pending accounts, invites), users (admin-users.js), usage
// (admin-usage.js), security events, audit-chain verification, the emergency limit and
// bans. The server refuses all of it to anyone else; the navigation only hides the link.
import { get, post, put, del } from '../api.js';
import { h, field, form, notice, formatTime, copy } from '../dom.js';
import { signUps } from './admin-signups.js';
import { users } from './admin-users.js';
import { usageTotals } from './admin-usage.js';

export const title = 'Admin';

export async function show(main) {
	main.append(h('h1', {}, 'Admin'));
	try {
		await get('/api/v1/admin/users?size=1');
	} catch (error) {
		main.append(notice(error.message, 'error'));
		return;
	}
	const userList = users({ table, copy });
	main.append(h('div', { class: 'sections' },
		card('Sign-ups', signUps({ table, changed: userList.reload, copy })), card('Users', userList.element),
		card('Usage', usageTotals({ table })),
		card('Security events', events()), card('Audit chain', audit()),
		card('Emergency limit', emergency()), card('Banned addresses', bans())));
}

let count = 0;

function card(heading, content) {
	const id = `admin-${++count}`;
	return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, heading), content);
}

function table(headings, rows) {
	return h('div', { class: 'table-wrap' }, h('table', {},
		h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))), h('tbody', {}, rows)));
}

function events() {
	const results = h('div', {});
	const filters = form({ class: 'filters' }, [
		field('Event type', { name: 'type', placeholder: 'e.g. LOGIN_FAILED' }),
		field('User', { name: 'user' }),
		field('Since', { name: 'since', type: 'datetime-local' }),
		field('Until', { name: 'until', type: 'datetime-local' }),
		h('button', { type: 'submit' }, 'Show events'),
	], async (values) => {
		const params = new URLSearchParams();
		if (values.type) params.set('type', values.type.trim());
		if (values.user) params.set('user', values.user.trim());
		if (values.since) params.set('since', new Date(values.since).toISOString());
		if (values.until) params.set('until', new Date(values.until).toISOString());
		const { events: list } = await get(`/api/v1/admin/security-events?${params}`);
		results.replaceChildren(list.length ? table(['Time', 'Type', 'Severity', 'User', 'Address'], list.map((event) => h('tr', {},
			h('td', {}, formatTime(event.time)), h('td', {}, event.type),
			h('td', {}, h('span', { class: `badge ${String(event.severity).toLowerCase()}` }, event.severity)),
			h('td', {}, event.username || '—'), h('td', {}, event.ip || '—'))))
			: h('p', { class: 'hint' }, 'No events match.'));
	});
	return h('div', {}, filters, results);
}

function audit() {
	const result = h('p', { role: 'status' });
	const button = h('button', { type: 'button' }, 'Verify the audit chain');
	button.addEventListener('click', async () => {
		try {
			const check = await post('/api/v1/admin/audit/verify');
			result.textContent = check.valid ? `The chain is intact: ${check.checked} events checked.`
				: `The chain is broken at event ${check.first_broken_id} (${check.checked} checked).`;
			result.className = check.valid ? 'notice ok' : 'notice error';
		} catch (error) {
			result.textContent = error.message;
		}
	});
	return h('div', {}, h('p', {}, 'Recomputes the hash chain of every stored security event.'), button, result);
}

function emergency() {
	const status = h('p', { role: 'status' });
	const limit = form({ class: 'inline' }, [
		field('Requests per minute, for everyone', { name: 'requests_per_minute', type: 'number', min: '1', value: '60', required: true }),
		h('button', { type: 'submit', name: 'enabled', value: 'true' }, 'Switch on'),
		h('button', { type: 'button', class: 'secondary', onclick: () => set(false) }, 'Switch off'),
	], () => set(true));
	async function set(enabled) {
		try {
			const rate = Number(limit.querySelector('input').value) || 60;
			const result = await put('/api/v1/admin/emergency-limit', { enabled, requests_per_minute: rate });
			status.textContent = result.enabled ? `The emergency limit is on: ${result.requests_per_minute} per minute in total.`
				: 'The emergency limit is off.';
		} catch (error) {
			status.textContent = error.message;
		}
	}
	return h('div', {}, h('p', {}, 'A global brake on all API traffic while under attack.'), limit, status);
}

function bans() {
	const holder = h('div', {});
	const load = async () => {
		const { bans: list } = await get('/api/v1/admin/bans');
		holder.replaceChildren(list.length ? table(['Address', 'Until', 'Reason', ''], list.map((ban) => h('tr', {},
			h('td', {}, ban.ip), h('td', {}, formatTime(ban.until)), h('td', {}, ban.reason),
			h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Lift the ban on ${ban.ip}`,
				onclick: async () => { await del(`/api/v1/admin/bans/${encodeURIComponent(ban.ip)}`); load(); } }, 'Lift')))))
			: h('p', { class: 'hint' }, 'No address is banned.'));
	};
	load().catch((error) => holder.replaceChildren(notice(error.message, 'error')));
	return holder;
}
