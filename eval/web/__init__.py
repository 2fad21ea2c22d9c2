"""The review pages, eval's web part: a Litestar router the application mounts at its root
(`voix.app`). Only this package of eval imports Litestar; nothing in `server/` imports it."""
