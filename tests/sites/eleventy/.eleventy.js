// A small original Eleventy site for quire's tests; quire never runs this.
module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("img");
  return { dir: { input: ".", output: "_site" } };
};
