// Uses the official `openai` npm client, unchanged, against a running Bastion: a plain and a
// streamed chat completion with a Bastion API key. Exits non-zero on any failure.
//   node check.mjs http://127.0.0.1:8080 bst_...
import OpenAI from 'openai';

const [baseUrl, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, maxRetries: 0, timeout: 30_000 });

const models = await client.models.list();
const model = models.data[0].id;
console.log(`models: ${models.data.map((m) => m.id).join(', ')}`);

const completion = await client.chat.completions.create({
	model,
	messages: [{ role: 'user', content: 'Say hello.' }],
});
const text = completion.choices[0].message.content;
if (!text || completion.object !== 'chat.completion') {
	throw new Error(`unexpected completion: ${JSON.stringify(completion)}`);
}
console.log(`plain: ${completion.usage.total_tokens} tokens, ${text.length} characters`);

const stream = await client.chat.completions.create({
	model,
	stream: true,
	messages: [{ role: 'user', content: 'Say hello, streaming.' }],
});
let streamed = '';
let chunks = 0;
for await (const chunk of stream) {
	streamed += chunk.choices[0]?.delta?.content ?? '';
	chunks++;
}
if (chunks < 2 || !streamed) {
	throw new Error(`stream gave ${chunks} chunks`);
}
console.log(`stream: ${chunks} chunks, ${streamed.length} characters`);
console.log('PASS: the openai client works against Bastion');
