// A small bar chart of tokens per day, drawn as SVG with DOM calls (no markup strings:
// the page runs under Trusted Types), with the same figures as a table for those who
// cannot see it. Colours come from bastion.css, so no inline style is needed.
import { h } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 120;
const GAP = 2;

function svg(tag, attributes = {}, ...children) {
	const element = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) {
		element.setAttribute(name, String(value));
	}
	element.append(...children);
	return element;
}

const plural = (count, word) => `${count.toLocaleString()} ${word}${count === 1 ? '' : 's'}`;

function describe(day) {
	const models = day.models.map((model) => `${model.model ?? 'earlier use'}: ${plural(model.tokens, 'token')}`);
	return `${day.day}: ${plural(day.tokens, 'token')}, ${plural(day.requests, 'request')}`
		+ (models.length ? ` (${models.join(', ')})` : '');
}

/** One bar per entry of `series` (oldest first), its height the day's tokens. */
export function usageChart(series, captionId) {
	const most = Math.max(1, ...series.map((day) => day.tokens));
	const width = WIDTH / Math.max(1, series.length);
	const total = series.reduce((sum, day) => sum + day.tokens, 0);
	const summary = `${plural(total, 'token')} over the last ${plural(series.length, 'day')}; the most in one day: `
		+ `${plural(series.length ? Math.max(...series.map((day) => day.tokens)) : 0, 'token')}.`;
	const bars = series.map((day, index) => {
		const height = day.tokens === 0 ? 0 : Math.max(1, Math.round((day.tokens / most) * (HEIGHT - 1)));
		return svg('rect', { class: 'bar', x: (index * width + GAP / 2).toFixed(2), y: HEIGHT - height,
			width: Math.max(1, width - GAP).toFixed(2), height, 'data-day': day.day }, svg('title', {}, describe(day)));
	});
	const chart = svg('svg', { class: 'usage-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
		'aria-labelledby': captionId, preserveAspectRatio: 'none' },
	svg('line', { class: 'axis', x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5 }), ...bars);
	const rows = series.filter((day) => day.requests > 0).reverse().map((day) => h('tr', {},
		h('td', {}, day.day), h('td', {}, day.tokens.toLocaleString()), h('td', {}, day.requests.toLocaleString()),
		h('td', {}, day.models.map((model) => `${model.model ?? 'earlier use'} (${model.tokens.toLocaleString()})`).join(', '))));
	return h('figure', { class: 'usage' }, chart,
		h('figcaption', { id: captionId }, `Tokens per day. ${summary}`),
		h('details', {}, h('summary', {}, 'Usage per day as a table'), rows.length
			? h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {},
				['Day', 'Tokens', 'Requests', 'Models'].map((heading) => h('th', { scope: 'col' }, heading)))), h('tbody', {}, rows)))
			: h('p', { class: 'hint' }, 'No use in this period.')));
}
