// The example queries the playground opens with, one tab each. They name
// entities by their usual names; the API resolves names, aliases, accents and
// case, so they work on any corpus that mentions these countries.

export const designationsByUS = `# Which groups has the United States designated,
# under which label, and which sentences of which
# articles say so? When two sources give two dates,
# conflicts lists both, each with its sources.
query DesignationsByTheUnitedStates {
  designations(by: "United States") {
    group { id name type }
    designatedBy { name }
    designation
    date
    alleged
    confidence
    sources { title publisher date sentence }
    conflicts {
      attribute
      values { value sources { title date } }
    }
  }
}
`;

export const saidAboutMexico = `# Who said what about Mexico, and where was it reported?
query WhoSaidWhatAboutMexico {
  statements(about: "Mexico") {
    speaker {
      name
      ... on Person { positions { title body { name } } }
    }
    text
    about { name type }
    sources { title publisher published }
  }
}
`;

export const conflicts = `# Facts on which the sources disagree: two dates
# for one designation, two titles for one person.
# Every value keeps the sources that state it.
query Conflicts {
  conflicts {
    attribute
    relation {
      predicate
      subject { name }
      object { name }
    }
    values {
      value
      sources { title publisher sentence }
    }
  }
}
`;

export const defaultTabs = [
  { query: designationsByUS },
  { query: saidAboutMexico },
  { query: conflicts },
];
