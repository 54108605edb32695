#!/usr/bin/env node
console.log("shim", process.cwd())
