// Building the page with DOM calls only: text goes in as text, never as markup, so
// nothing here is a Trusted Types sink. The one place that makes HTML is markdown.js.

/** h('button', {type: 'submit', onclick}, 'Send') */
export function h(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (name.startsWith('on')) {
			element.addEventListener(name.slice(2), value);
		} else if (name === 'class') {
			element.className = value;
		} else if (name === 'dataset') {
			Object.assign(element.dataset, value);
		} else if (name in element && typeof value !== 'string') {
			element[name] = value;
		} else {
			element.setAttribute(name, value === true ? '' : value);
		}
	}
	element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
	return element;
}

let fieldCount = 0;

/** A labelled form control; the label's text is the control's accessible name. */
export function field(label, attributes = {}, hint) {
	const id = `field-${++fieldCount}`;
	const control = attributes.type === 'textarea' ? h('textarea', { ...attributes, type: undefined, id })
		: h('input', { type: 'text', ...attributes, id });
	const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
	control.setAttribute('aria-describedby', `${id}-error`);
	return h('div', { class: 'field', dataset: { name: attributes.name || '' } },
		h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null, control, error);
}

/**
 * A labelled checkbox, the box before its label. `checked` sets the default state, which
 * form.reset() returns to.
 */
export function checkbox(label, { checked, ...attributes } = {}) {
	const id = `field-${++fieldCount}`;
	const box = h('input', { ...attributes, type: 'checkbox', id });
	box.defaultChecked = Boolean(checked);
	box.checked = Boolean(checked);
	return h('div', { class: 'field check', dataset: { name: attributes.name || '' } }, box, h('label', { for: id }, label));
}

/** A form whose submit runs `action`; errors land next to their field or at the top. */
export function form(attributes, children, action) {
	const status = h('div', { class: 'form-status', role: 'alert', hidden: true });
	const element = h('form', { ...attributes, novalidate: true }, status, ...children);
	element.addEventListener('submit', async (event) => {
		event.preventDefault();
		clearErrors(element);
		const submit = element.querySelector('button[type=submit]');
		if (submit) submit.disabled = true;
		try {
			await action(values(element), element);
		} catch (error) {
			showError(element, error);
		} finally {
			if (submit) submit.disabled = false;
		}
	});
	return element;
}

export function values(formElement) {
	return Object.fromEntries(new FormData(formElement).entries());
}

export function clearErrors(container) {
	for (const error of container.querySelectorAll('.field-error, .form-status')) {
		error.hidden = true;
		error.textContent = '';
	}
	for (const control of container.querySelectorAll('[aria-invalid]')) {
		control.removeAttribute('aria-invalid');
	}
}

/** Shows an ApiError (or any error) by the field it is about, else at the top of the form. */
export function showError(container, error) {
	let placed = false;
	for (const { field: name, message } of error.fieldErrors || []) {
		const holder = container.querySelector(`.field[data-name="${CSS.escape(name)}"]`);
		if (holder) {
			const control = holder.querySelector('input, textarea, select');
			const text = holder.querySelector('.field-error');
			text.textContent = `${holder.querySelector('label').textContent} ${message}`;
			text.hidden = false;
			control.setAttribute('aria-invalid', 'true');
			if (!placed) control.focus();
			placed = true;
		}
	}
	if (!placed) {
		const status = container.querySelector('.form-status') || container;
		status.textContent = error.message || 'Something went wrong.';
		status.hidden = false;
	}
}

/** A status line that screen readers announce. */
export function notice(text, kind = 'info') {
	return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function formatTime(iso) {
	if (!iso) return '—';
	return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export async function copy(text, button) {
	await navigator.clipboard.writeText(text);
	const label = button.textContent;
	button.textContent = 'Copied';
	setTimeout(() => { button.textContent = label; }, 1500);
}
