-- POST a small chat completion with an Entra token from the environment (strict mode's data-action path).
wrk.method = "POST"
wrk.body = '{"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":64}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
