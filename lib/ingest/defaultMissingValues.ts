// no Node imports here: the Import screen shows these in the browser
/** Texts read as a missing value unless a mapping names its own (an empty field always is one). */
export const defaultMissingValues = ['NA', 'N/A', 'NULL', 'null', 'NaN', 'nan', '#N/A'];
