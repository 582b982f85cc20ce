# The two commands of the README, plus the pieces they are made of.
.PHONY: demo test setup worker worker-package package privacy-check bench
MODE ?= edge

demo: ## Set up, build, and run the worker in front of the demo shop on http://127.0.0.1:8787 (MODE=local-only for local-only mode)
	bash .ci/setup.sh
	bash .ci/build-worker.sh
	bash .ci/build-package.sh
	MODE=$(MODE) bash .ci/demo.sh

test: ## Set up and run the whole test suite
	bash .ci/setup.sh --browser --fuzz
	bash .ci/test.sh

setup:
	bash .ci/setup.sh --browser --fuzz

worker:
	bash .ci/build-worker.sh

worker-package: ## The worker package (@shelfwise/worker), packed into build/worker-package/
	bash .ci/build-worker.sh
	bash .ci/build-worker-package.sh

package: ## The browser package, packed into build/package/
	bash .ci/build-package.sh

privacy-check: ## The privacy promises alone (inventory, purposes, bucket, lifetime, consent platforms, GPC, regions, retention, no echo, no change from another site, the real-browser local-only proof), then the reviewer's kit
	bash .ci/setup.sh --browser
	bash .ci/build-worker.sh
	bash .ci/build-package.sh
	cargo test --quiet --test inventory --test vectors --test properties --test decisions --test consent --test shelves --test offers
	cargo test --quiet --lib -- session:: experiments:: privacy_kit:: consent::
	node --test --test-reporter=spec tests/worker/privacy.test.mjs tests/worker/profile.test.mjs tests/worker/local-only.test.mjs tests/worker/endpoints.test.mjs tests/worker/consent-platforms.test.mjs tests/worker/recently-viewed.test.mjs tests/worker/offers.test.mjs
	node --test --test-reporter=spec --test-name-pattern="consent|GPC|globalPrivacyControl|localStorage|pausing" tests/package/
	node --test --test-reporter=spec tests/e2e/privacy-proof.test.mjs tests/e2e/cross-site.test.mjs tests/e2e/purposes.test.mjs tests/e2e/recently-viewed.test.mjs
	cargo run --quiet -- privacy-kit --config www/shelfwise.config.json

bench: ## Rerun every benchmark of BENCHMARKS.md (about 15 minutes; figures printed as table rows)
	bash .ci/setup.sh
	bash .ci/build-worker.sh
	bash .ci/build-package.sh
	cargo bench --bench core
	node benches/rewrite-wasm.mjs 400
	bash benches/size-floor.sh
	node benches/worker-load.mjs 500
	node benches/peer-load.mjs 10
	node benches/package-node.mjs 3000
