module github.com/scamscan/scamscan

go 1.26.8

require (
	github.com/nyaruka/phonenumbers v1.8.1 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
	mvdan.cc/xurls/v2 v2.6.0 // indirect
)
