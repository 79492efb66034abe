// Links models/ to the shared drive, then downloads GPT-2's small files with hf.download and fs.download.
module.exports = {
  run: [
    {
      method: "fs.link",
      params: { drive: { "demo-models": "models" } },
    },
    {
      method: "hf.download",
      params: {
        _: ["openai-community/gpt2", "config.json", "generation_config.json"],
        "local-dir": "models/gpt2",
      },
    },
    {
      method: "fs.download",
      params: {
        // HF_ENDPOINT (a mirror) is honoured like the hf CLI does.
        url: "{{env.HF_ENDPOINT || 'https://huggingface.co'}}/openai-community/gpt2/resolve/main/tokenizer_config.json",
        dir: "models/gpt2",
      },
    },
    {
      method: "notify",
      params: { html: "The GPT-2 files are in the drive. Click Start to list them." },
    },
  ],
}
