// The admin area's usage card: everyone's tokens and requests over a period, per model
// and per user (most tokens first, in pages). Every value from the server goes in as text.
import { get } from '../api.js';
import { h, notice } from '../dom.js';

const PAGE_SIZE = 20;

const PERIODS = [['1', 'Today'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['366', 'Last year']];

export function usageTotals({ table }) {
	const results = h('div', {});
	let days = '30';
	let page = 0;
	const period = h('select', { id: 'usage-period', onchange: () => { days = period.value; page = 0; reload(); } },
		PERIODS.map(([value, label]) => h('option', { value, selected: value === days }, label)));

	const load = async () => {
		const params = new URLSearchParams({ days, page: String(page), size: String(PAGE_SIZE) });
		const totals = await get(`/api/v1/admin/usage?${params}`);
		const pages = Math.max(1, Math.ceil(totals.total_users / PAGE_SIZE));
		results.replaceChildren(h('div', {},
			h('p', {}, `${totals.tokens.toLocaleString()} tokens in ${totals.requests.toLocaleString()} requests, `
				+ `${totals.from} to ${totals.to} (UTC), by ${totals.total_users} user${totals.total_users === 1 ? '' : 's'}.`),
			h('h3', {}, 'Per model'),
			totals.models.length ? table(['Model', 'Tokens', 'Requests'], totals.models.map((row) => h('tr', {},
				h('td', {}, row.model ?? 'earlier use (before model routing)'), h('td', {}, row.tokens.toLocaleString()),
				h('td', {}, row.requests.toLocaleString())))) : h('p', { class: 'hint' }, 'No use in this period.'),
			h('h3', {}, 'Per user'),
			totals.users.length ? table(['User', 'Tokens', 'Requests'], totals.users.map((row) => h('tr', {},
				h('td', {}, row.username ?? 'deleted account'), h('td', {}, row.tokens.toLocaleString()),
				h('td', {}, row.requests.toLocaleString())))) : h('p', { class: 'hint' }, 'No use in this period.'),
			pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Usage pages' },
				h('button', { type: 'button', class: 'secondary', disabled: page === 0, onclick: () => turn(-1) }, 'Previous usage page'),
				h('span', {}, `Page ${page + 1} of ${pages}`),
				h('button', { type: 'button', class: 'secondary', disabled: page + 1 >= pages, onclick: () => turn(1) }, 'Next usage page'))
				: null));
	};
	const reload = () => load().catch((error) => results.replaceChildren(notice(error.message, 'error')));
	const turn = (step) => { page += step; reload(); };
	reload();
	return h('div', {}, h('div', { class: 'field' }, h('label', { for: 'usage-period' }, 'Period'), period), results);
}
