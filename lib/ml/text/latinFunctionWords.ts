/** Common English function words: evidence that a Latin-script text is English. */
export const englishFunctionWords: ReadonlySet<string> = new Set(
  (
    'the a an and or but not is are was were be been am i you he she it we they me my your this that ' +
    "of in on at to for with from by as so very it's i'm don't do does did have has had will would can " +
    'could just all what when there if'
  ).split(' '),
);

/**
 * Function words of German, French, Spanish, Portuguese, Italian and Dutch that are not also
 * English words or URL parts (so not con, per, van, met, op, com): evidence that a Latin-script
 * text is not English, and stop words for it.
 */
export const otherLatinFunctionWords: ReadonlySet<string> = new Set(
  (
    'der das und ist nicht ein eine ich sie es zu mit auf für sehr aber auch wir ' +
    'le la les et est une un des du je il elle pas pour avec que qui dans sur mais très nous vous ' +
    'el los las y es una que en por para muy pero ' +
    'é uma não em mas muito ' +
    'gli è di che non della sono ' +
    'het een niet ik voor maar ook zijn'
  ).split(' '),
);
