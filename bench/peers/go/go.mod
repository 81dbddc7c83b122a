module envoy-as/bench/peers/go

go 1.24
