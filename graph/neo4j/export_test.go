package neo4j

import "strings"

// FailTitle is the title of the documents whose write fails in a store
// given to FailWrites.
const FailTitle = "fail this write"

// FailWrites makes the write query of s fail for a batch that holds a
// document titled FailTitle (a division by zero), so that tests can see
// WriteBatch write the others one by one.
func FailWrites(s *Store) {
	s.cypher.write = strings.Replace(s.cypher.write, planOnce, planOnce+`CALL () {
  UNWIND $rows.`+kDocument+` AS row
  WITH row WHERE row.props.title = '`+FailTitle+`'
  RETURN count(1 / 0) AS boom
}
`, 1)
}
