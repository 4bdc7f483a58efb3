-- POST a streamed chat completion with the endpoint key from the environment.
wrk.method = "POST"
wrk.body = '{"messages":[{"role":"user","content":"Stream a short answer."}],"max_tokens":64,"stream":true}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["api-key"] = os.getenv("BENCH_KEY")
