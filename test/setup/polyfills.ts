import "../../functions/local/polyfills.js";
