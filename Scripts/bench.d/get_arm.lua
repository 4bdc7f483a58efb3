-- GET with a bearer token (ARM lists).
wrk.headers["Authorization"] = "Bearer bench"
