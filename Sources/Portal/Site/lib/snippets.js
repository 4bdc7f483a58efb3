// The Consume tab's code: curl, Python (azure-ai-inference, openai) and az, filled in with the
// endpoint's URL and key, so each runs as it is in a shell set up with
// `eval "$(cerulean env)"` (and, for az, `eval "$(cerulean az-setup)"`).

import { apiVersions } from "./api.js";

/** A shell word in single quotes. */
export const shellQuote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;
/** A Python string literal (JSON's string syntax is Python's too). */
const py = (text) => JSON.stringify(String(text));

const SYSTEM = "You are a helpful assistant.";
const USER = "Hello! What can you do?";

/**
 * What a deployment is called with: `call` is one of
 * - {style: "serverless", uri, key, name, task, keysUrl}
 * - {style: "openai", endpoint, key, name, task, accountName, group}   (an Azure OpenAI deployment)
 * - {style: "models", endpoint, key, name, task, accountName, group}   (AI Services model inference)
 */
export function snippets(call) {
  if (call.task === "embeddings") return embeddings(call);
  if (call.task === "completion") return completions(call);
  if (call.task === "text-to-image") return [];
  return chat(call);
}

/** The URL the chat (or other) operation is posted to, and the body's extra members. */
export function operationURL(call, operation = "chat/completions") {
  switch (call.style) {
    case "serverless": return `${call.uri}/${operation}?api-version=${apiVersions.inference}`;
    case "openai": return `${call.endpoint}openai/deployments/${call.name}/${operation}?api-version=${apiVersions.azureOpenAI}`;
    default: return `${call.endpoint}models/${operation}?api-version=${apiVersions.inference}`;
  }
}

/** Members the body needs to name the deployment (the model inference route reads `model`). */
const modelMember = (call) => (call.style === "models" ? { model: call.name } : {});

function curl(call, operation, body) {
  return [
    `curl -X POST ${shellQuote(operationURL(call, operation))} \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -H ${shellQuote(`api-key: ${call.key}`)} \\`,
    `  -d ${shellQuote(JSON.stringify(body))}`,
  ].join("\n");
}

function az(call, operation, body) {
  const keys = call.style === "serverless"
    ? `az rest --method post --url ${shellQuote(call.keysUrl)}`
    : `az cognitiveservices account keys list --name ${shellQuote(call.accountName)} --resource-group ${shellQuote(call.group)}`;
  return [
    "# The keys, through ARM (after: eval \"$(cerulean az-setup)\")",
    keys,
    "# The call, with a key",
    `az rest --method post --skip-authorization-header --url ${shellQuote(operationURL(call, operation))} \\`,
    `  --headers ${shellQuote(`api-key=${call.key}`)} ${shellQuote("Content-Type=application/json")} \\`,
    `  --body ${shellQuote(JSON.stringify(body))}`,
  ].join("\n");
}

/** The azure-ai-inference client's endpoint and extra arguments for each style. */
function inferenceClient(call) {
  switch (call.style) {
    case "serverless": return { endpoint: call.uri, extra: "" };
    case "openai": return { endpoint: `${call.endpoint}openai/deployments/${call.name}`, extra: `\n    api_version=${py(apiVersions.azureOpenAI)},` };
    default: return { endpoint: `${call.endpoint}models`, extra: "" };
  }
}

/** The openai client for each style, and the `model` it names. */
function openAIClient(call) {
  switch (call.style) {
    case "serverless":
      return { imports: "from openai import OpenAI", client: `client = OpenAI(base_url=${py(`${call.uri}/v1`)}, api_key=${py(call.key)})` };
    case "openai":
      return { imports: "from openai import AzureOpenAI",
        client: `client = AzureOpenAI(\n    azure_endpoint=${py(call.endpoint)},\n    api_key=${py(call.key)},\n    api_version=${py(apiVersions.azureOpenAI)},\n)` };
    default:
      return { imports: "from openai import OpenAI", client: `client = OpenAI(base_url=${py(`${call.endpoint}openai/v1/`)}, api_key=${py(call.key)})` };
  }
}

function chat(call) {
  const messages = [{ role: "system", content: SYSTEM }, { role: "user", content: USER }];
  const body = { ...modelMember(call), messages, max_tokens: 64 };
  const inference = inferenceClient(call);
  const openai = openAIClient(call);
  return [
    { id: "curl", label: "curl", language: "shell", text: curl(call, "chat/completions", body) },
    { id: "python-inference", label: "Python (azure-ai-inference)", language: "python", text: [
      "from azure.ai.inference import ChatCompletionsClient",
      "from azure.ai.inference.models import SystemMessage, UserMessage",
      "from azure.core.credentials import AzureKeyCredential",
      "",
      "client = ChatCompletionsClient(",
      `    endpoint=${py(inference.endpoint)},`,
      `    credential=AzureKeyCredential(${py(call.key)}),${inference.extra}`,
      ")",
      "response = client.complete(",
      `    messages=[SystemMessage(${py(SYSTEM)}), UserMessage(${py(USER)})],`,
      "    max_tokens=64,",
      ...(call.style === "models" ? [`    model=${py(call.name)},`] : []),
      ")",
      "print(response.choices[0].message.content)",
    ].join("\n") },
    { id: "python-openai", label: "Python (openai)", language: "python", text: [
      openai.imports,
      "",
      openai.client,
      "response = client.chat.completions.create(",
      `    model=${py(call.name)},`,
      `    messages=[{"role": "system", "content": ${py(SYSTEM)}}, {"role": "user", "content": ${py(USER)}}],`,
      "    max_tokens=64,",
      ")",
      "print(response.choices[0].message.content)",
    ].join("\n") },
    { id: "az", label: "Azure CLI", language: "shell", text: az(call, "chat/completions", body) },
  ];
}

function embeddings(call) {
  const body = { ...modelMember(call), input: ["Hello", "Cerulean"] };
  const inference = inferenceClient(call);
  const openai = openAIClient(call);
  return [
    { id: "curl", label: "curl", language: "shell", text: curl(call, "embeddings", body) },
    { id: "python-inference", label: "Python (azure-ai-inference)", language: "python", text: [
      "from azure.ai.inference import EmbeddingsClient",
      "from azure.core.credentials import AzureKeyCredential",
      "",
      "client = EmbeddingsClient(",
      `    endpoint=${py(inference.endpoint)},`,
      `    credential=AzureKeyCredential(${py(call.key)}),${inference.extra}`,
      ")",
      `response = client.embed(input=["Hello", "Cerulean"]${call.style === "models" ? `, model=${py(call.name)}` : ""})`,
      "print(len(response.data), len(response.data[0].embedding))",
    ].join("\n") },
    { id: "python-openai", label: "Python (openai)", language: "python", text: [
      openai.imports, "", openai.client,
      `response = client.embeddings.create(model=${py(call.name)}, input=["Hello", "Cerulean"])`,
      "print(len(response.data), len(response.data[0].embedding))",
    ].join("\n") },
    { id: "az", label: "Azure CLI", language: "shell", text: az(call, "embeddings", body) },
  ];
}

function completions(call) {
  const body = { ...modelMember(call), prompt: "Once upon a time", max_tokens: 32 };
  const openai = openAIClient(call);
  return [
    { id: "curl", label: "curl", language: "shell", text: curl(call, "completions", body) },
    { id: "python-openai", label: "Python (openai)", language: "python", text: [
      openai.imports, "", openai.client,
      `response = client.completions.create(model=${py(call.name)}, prompt="Once upon a time", max_tokens=32)`,
      "print(response.choices[0].text)",
    ].join("\n") },
    { id: "az", label: "Azure CLI", language: "shell", text: az(call, "completions", body) },
  ];
}

/** The body `/score` takes for each managed compute scoring format (the catalog's `scoring`). */
export function scoreBody(scoring) {
  switch (scoring) {
    case "question-answering":
      return { inputs: { question: ["What does Cerulean emulate?"], context: ["Cerulean emulates Azure's AI deployment APIs offline."] } };
    case "chat-completions":
      return { messages: [{ role: "user", content: USER }], max_tokens: 64 };
    default:
      return { input_data: { input_string: [{ role: "user", content: USER }], parameters: { max_new_tokens: 64 } } };
  }
}

/**
 * A managed online endpoint's code: `online` is {scoringUri, key, endpoint, deployment, scoring,
 * subscription, group, workspace}. Keys go in `Authorization: Bearer`, as Azure ML wants them.
 */
export function onlineSnippets(online) {
  const body = scoreBody(online.scoring);
  return [
    { id: "curl", label: "curl", language: "shell", text: [
      `curl -X POST ${shellQuote(online.scoringUri)} \\`,
      "  -H 'Content-Type: application/json' \\",
      `  -H ${shellQuote(`Authorization: Bearer ${online.key}`)} \\`,
      `  -d ${shellQuote(JSON.stringify(body))}`,
    ].join("\n") },
    { id: "python-ml", label: "Python (azure-ai-ml)", language: "python", text: [
      "import json",
      "from azure.ai.ml import MLClient",
      "from azure.identity import DefaultAzureCredential",
      "",
      `ml_client = MLClient(DefaultAzureCredential(), ${py(online.subscription)}, ${py(online.group)}, ${py(online.workspace)})`,
      "with open(\"sample_score.json\", \"w\") as f:",
      `    json.dump(${JSON.stringify(body)}, f)`,
      `print(ml_client.online_endpoints.invoke(endpoint_name=${py(online.endpoint)}, request_file="sample_score.json"))`,
    ].join("\n") },
    { id: "az", label: "Azure CLI", language: "shell", text: [
      `echo ${shellQuote(JSON.stringify(body))} > sample_score.json`,
      `az ml online-endpoint invoke --name ${shellQuote(online.endpoint)} --resource-group ${shellQuote(online.group)} --workspace-name ${shellQuote(online.workspace)} --request-file sample_score.json`,
    ].join("\n") },
  ];
}
