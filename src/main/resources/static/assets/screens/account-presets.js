// The account page's presets: the list (name, model, temperature, edit, delete) and one
// form that creates a preset or, after Edit, replaces it. Names and prompts are the
// user's words and go in as text only. The chat screen's picker (chat.js) chooses one.
import { get, post, put, del } from '../api.js';
import { h, field, form, notice } from '../dom.js';

export const PRESETS = '/api/v1/users/me/presets';

export function presetsSection() {
	const list = h('div', {});
	const status = h('div', {});
	let editing = null;
	const models = h('datalist', { id: 'preset-models' });
	const heading = h('h3', {}, 'New preset');
	const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel editing');
	const editor = form({ class: 'preset-form' }, [
		field('Preset name', { name: 'name', required: true, maxlength: '100' }),
		field('Preset model', { name: 'model', list: 'preset-models', maxlength: '256', placeholder: 'Default model' },
			'Optional: leave empty for the default model.'),
		field('System prompt', { name: 'system_prompt', type: 'textarea', rows: 4, required: true }),
		field('Temperature', { name: 'temperature', type: 'number', min: '0', max: '2', step: '0.1', inputmode: 'decimal' },
			'Optional, 0 to 2: lower is more focused, higher more varied.'),
		h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save preset'), cancel),
	], async (values, element) => {
		const json = {
			name: values.name,
			system_prompt: values.system_prompt,
			...(values.model.trim() ? { model: values.model.trim() } : {}),
			...(values.temperature !== '' ? { temperature: Number(values.temperature) } : {}),
		};
		const saved = editing ? await put(`${PRESETS}/${encodeURIComponent(editing)}`, json) : await post(PRESETS, json);
		status.replaceChildren(notice(`Preset “${saved.name}” saved. Choose it beside the model on the chat screen.`));
		reset(element);
		load();
	});
	const reset = (element) => {
		editing = null;
		element.reset();
		heading.textContent = 'New preset';
		cancel.hidden = true;
	};
	cancel.addEventListener('click', () => reset(editor));
	const edit = (preset) => {
		editing = preset.id;
		editor.elements.name.value = preset.name;
		editor.elements.model.value = preset.model ?? '';
		editor.elements.system_prompt.value = preset.system_prompt;
		editor.elements.temperature.value = preset.temperature ?? '';
		heading.textContent = `Edit preset “${preset.name}”`;
		cancel.hidden = false;
		editor.elements.name.focus();
	};
	const remove = async (preset) => {
		try {
			await del(`${PRESETS}/${encodeURIComponent(preset.id)}`);
			if (editing === preset.id) reset(editor);
			status.replaceChildren(notice(`Preset “${preset.name}” deleted.`));
		} catch (error) {
			status.replaceChildren(notice(error.message, 'error'));
		}
		load();
	};
	const load = async () => {
		try {
			const { presets, max } = await get(PRESETS);
			list.replaceChildren(presets.length ? h('div', { class: 'table-wrap' }, h('table', {},
				h('caption', { class: 'hint' }, `${presets.length} of at most ${max} presets`),
				h('thead', {}, h('tr', {}, ['Name', 'Model', 'Temperature', ''].map((title) => h('th', { scope: 'col' }, title)))),
				h('tbody', {}, presets.map((preset) => h('tr', {},
					h('td', {}, preset.name), h('td', {}, preset.model ?? 'Default'), h('td', {}, preset.temperature ?? '—'),
					h('td', {},
						h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit preset ${preset.name}`, onclick: () => edit(preset) }, 'Edit'),
						h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete preset ${preset.name}`, onclick: () => remove(preset) }, 'Delete')))))))
				: h('p', { class: 'hint' }, 'No presets yet.'));
		} catch (error) {
			list.replaceChildren(notice(error.message, 'error'));
		}
	};
	get('/api/v1/models').then((offered) => models.replaceChildren(...offered.models.map((name) => h('option', { value: name }))),
		() => {});
	load();
	return h('div', {},
		h('p', { class: 'hint' }, 'A preset is a system prompt, and optionally a model and a temperature, to chat with.'),
		list, status, heading, models, editor);
}
