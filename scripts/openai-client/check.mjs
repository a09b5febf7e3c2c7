// Uses the official `openai` npm client, unchanged, against a running Bastion: a plain and a
// streamed chat completion with a Bastion API key and OpenAI's parameters (temperature, stop,
// stream_options.include_usage), usage checked in both, and a refused field seen as the
// client's own 400. Exits non-zero on any failure.
//   node check.mjs http://127.0.0.1:8080 bst_...
import OpenAI from 'openai';

const [baseUrl, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, maxRetries: 0, timeout: 30_000 });

const models = await client.models.list();
const model = models.data[0].id;
console.log(`models: ${models.data.map((m) => m.id).join(', ')}`);

const completion = await client.chat.completions.create({
	model,
	temperature: 0.2,
	stop: ['END'],
	max_completion_tokens: 200,
	messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello.' }] }],
});
const text = completion.choices[0].message.content;
if (!text || completion.object !== 'chat.completion') {
	throw new Error(`unexpected completion: ${JSON.stringify(completion)}`);
}
console.log(`plain: ${completion.usage.total_tokens} tokens, ${text.length} characters`);

const stream = await client.chat.completions.create({
	model,
	stream: true,
	stream_options: { include_usage: true },
	temperature: 0.7,
	stop: 'END',
	messages: [{ role: 'user', content: 'Say hello, streaming.' }],
});
let streamed = '';
let chunks = 0;
let usage = null;
const ids = new Set();
for await (const chunk of stream) {
	streamed += chunk.choices[0]?.delta?.content ?? '';
	usage = chunk.usage ?? usage;
	ids.add(chunk.id);
	chunks++;
}
if (chunks < 2 || !streamed) {
	throw new Error(`stream gave ${chunks} chunks`);
}
if (!usage || !(usage.total_tokens > 0) || ids.size !== 1) {
	throw new Error(`stream without usage or with ${ids.size} ids: ${JSON.stringify(usage)}`);
}
console.log(`stream: ${chunks} chunks, ${streamed.length} characters, ${usage.total_tokens} tokens`);

try {
	await client.chat.completions.create({ model, n: 2, messages: [{ role: 'user', content: 'Twice.' }] });
	throw new Error('n: 2 was accepted');
} catch (error) {
	if (!(error instanceof OpenAI.BadRequestError)) {
		throw error;
	}
	console.log('refused: n = 2 is a 400');
}
console.log('PASS: the openai client works against Bastion');
